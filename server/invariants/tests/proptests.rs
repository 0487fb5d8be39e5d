//! Short property-test versions of the fuzz targets (the long runs are `cargo fuzz`, see
//! RELIABILITY.md). Inputs are strung together from Dockerfile pieces and random bytes, so
//! that a few hundred cases reach deep into the parser, the rules and their fixes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use arbitrary::{Arbitrary, Unstructured};
use dockls_invariants::lsp::{Op, Session, SettingsChoice, PIECES};
use dockls_invariants::targets;
use proptest::prelude::*;

/// Extra pieces that trigger rules with fixes.
const RULE_PIECES: &[&str] = &[
    "FROM ubuntu\n",
    "FROM ubuntu:latest\n",
    "RUN apt-get update && apt-get install python3\n",
    "RUN cd /tmp && make\n",
    "ADD http://example.com/x.tar.gz /x\n",
    "ADD src /src\n",
    "COPY . .\n",
    "RUN npm install\n",
    "CMD nginx -g 'daemon off;'\n",
    "ENTRYPOINT ['a', 'b']\n",
    "SHELL /bin/bash -c\n",
    "RUNN echo\n",
    "EXPOSE 80/tcpx\n",
    "FROM scratch as Final\n",
    "RUN sudo rm -rf /\n",
    "ARG TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n",
    "RUN pip install flask\n",
    "WORKDIR app\n",
    "\0\0.dockerignore\nnode_modules\n",
    "\0\0package.json\n{\"scripts\": {\"start\": \"node .\"}}\n",
];

fn piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => prop::sample::select(PIECES).prop_map(|s| s.as_bytes().to_vec()),
        3 => prop::sample::select(RULE_PIECES).prop_map(|s| s.as_bytes().to_vec()),
        1 => prop::collection::vec(any::<u8>(), 1..8),
    ]
}

fn input(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(piece(), 0..max).prop_map(|v| v.concat())
}

fn run(check: fn(&[u8]) -> Result<(), String>, data: &[u8]) -> Result<(), TestCaseError> {
    check(data).map_err(|e| {
        TestCaseError::fail(format!("{e}\ninput: {:?}", String::from_utf8_lossy(data)))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn analyze(data in input(24)) {
        run(targets::analyze, &data)?;
    }

    #[test]
    fn fixes(data in input(16)) {
        run(targets::fixes, &data)?;
    }

    #[test]
    fn format(variant in any::<u8>(), data in input(24)) {
        let mut bytes = vec![variant];
        bytes.extend(data);
        run(targets::format, &bytes)?;
    }
}

/// A session of 1 to 60 messages, each decoded with `arbitrary` (as the fuzzer does) from
/// its own few random bytes, so that every case has many messages.
fn session() -> impl Strategy<Value = Session> {
    (
        prop::collection::vec(any::<u8>(), 8),
        prop::collection::vec(prop::collection::vec(any::<u8>(), 2..64), 1..60),
        prop::collection::vec(any::<u8>(), 0..3),
    )
        .prop_map(|(head, ops, trailer)| {
            let mut u = Unstructured::new(&head);
            Session {
                utf8: bool::arbitrary(&mut u).unwrap_or(false),
                pull: bool::arbitrary(&mut u).unwrap_or(false),
                snippets: bool::arbitrary(&mut u).unwrap_or(true),
                document_changes: bool::arbitrary(&mut u).unwrap_or(true),
                settings: SettingsChoice::arbitrary(&mut u).unwrap_or(SettingsChoice::Empty),
                ops: ops
                    .iter()
                    .filter_map(|b| Op::arbitrary_take_rest(Unstructured::new(b)).ok())
                    .collect(),
                // Mostly none: garbage at the end hides the answer to `shutdown`.
                trailer: if trailer.len() == 2 {
                    trailer
                } else {
                    Vec::new()
                },
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn lsp(s in session()) {
        dockls_invariants::lsp::install_panic_counter();
        dockls_invariants::lsp::run_session(&s)
            .map_err(|e| TestCaseError::fail(format!("{e}\nsession: {s:#?}")))?;
    }
}
