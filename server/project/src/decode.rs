//! Bytes on disk to text: UTF-8 (with or without BOM), UTF-16 with a BOM, and a clear
//! problem for anything else.

/// Decoded text, and a problem (byte offset in the returned text, message) when the
/// bytes were not clean text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub problem: Option<(usize, String)>,
}

pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded {
            text: s.to_string(),
            problem: None,
        },
        Err(e) => {
            let valid = e.valid_up_to();
            let text = String::from_utf8_lossy(bytes).into_owned();
            Decoded {
                text,
                problem: Some((valid, format!("the file is not valid UTF-8 (first bad byte at offset {valid}); invalid bytes are shown as \u{fffd}"))),
            }
        }
    }
}

fn utf16(rest: &[u8], read: fn([u8; 2]) -> u16) -> Decoded {
    let units: Vec<u16> = rest.chunks_exact(2).map(|c| read([c[0], c[1]])).collect();
    let text: String = char::decode_utf16(units)
        .map(|r| r.unwrap_or('\u{fffd}'))
        .collect();
    let odd = rest.len() % 2 == 1;
    let bad = text.contains('\u{fffd}') || odd;
    Decoded {
        problem: bad.then(|| (0, "the file is UTF-16 with invalid characters".to_string())),
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes() {
        assert_eq!(decode(b"FROM a\n").text, "FROM a\n");
        let mut le = vec![0xFF, 0xFE];
        for u in "FROM a".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(
            decode(&le),
            Decoded {
                text: "FROM a".into(),
                problem: None
            }
        );
        let bad = decode(b"FROM a\xff\n");
        assert_eq!(bad.problem.map(|p| p.0), Some(6));
    }
}
