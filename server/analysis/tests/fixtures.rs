//! One fixture per rule (`tests/fixtures/<CODE>.Dockerfile` or `tests/fixtures/<CODE>/`),
//! run with only that rule enabled, compared with an insta snapshot of its findings and
//! fixes; every fix is checked for soundness.

mod common;

use std::path::Path;

use dockls_analysis::registry;

fn code_of(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.split('.').next().unwrap_or("").to_string()
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*", |path| {
        let code = code_of(path);
        let meta = registry::by_code(&code)
            .unwrap_or_else(|| panic!("fixture {} names no rule", path.display()));
        let (text, files, layer) = common::load_fixture(path);
        let settings = common::only(&code, layer.as_ref());
        let diags =
            dockls_analysis::analyze(&text, &settings, &files, Some("Dockerfile")).diagnostics;
        let own: Vec<_> = diags.iter().filter(|d| d.code == code).cloned().collect();
        assert!(
            !own.is_empty(),
            "{code}: the fixture should have at least one finding"
        );
        if meta.fixable != dockls_analysis::rule::Fixable::No {
            assert!(
                own.iter().any(|d| !d.fixes.is_empty()),
                "{code} is declared fixable but no finding has a fix"
            );
        } else {
            assert!(
                own.iter().all(|d| d.fixes.is_empty()),
                "{code} is declared not fixable but offers fixes"
            );
        }
        if let Err(e) = common::check_fixes(&code, &text, &settings, &files) {
            panic!("{e}");
        }
        insta::assert_snapshot!(common::render(&text, &own));
    });
}

#[test]
fn every_lint_rule_has_a_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let names: Vec<String> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| code_of(&e.path()))
        .collect();
    let missing: Vec<&str> = registry::rules()
        .iter()
        .map(|r| r.meta().code)
        .filter(|c| !names.iter().any(|n| n == c))
        .collect();
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
}
