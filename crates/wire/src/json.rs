//! Answers that write their own JSON. serde walks a value through its generic `Serializer`,
//! escaping every key of every object as it goes; for the few answers of tens of kilobytes
//! served on every page (`find_by_page`: a page of 50 users holds 500 tasks of eight keys) that
//! walk was the largest share of a page's time. Such an answer implements [`WriteJson`] and
//! writes the wire type's exact bytes, keys as constants, with [`write_string`] and
//! [`write_int`] for its values; a test of each reads the bytes back as the wire type and
//! writes them again with serde, byte for byte.

use serde::Serialize;

/// A value that appends its JSON (exactly what serde writes for its wire type) to `out`.
pub trait WriteJson {
    fn write_json(&self, out: &mut Vec<u8>);
}

/// Appends `text` as a JSON string, escaped as serde escapes it.
pub fn write_string(out: &mut Vec<u8>, text: &str) {
    // Most strings of an answer (IDs, names, times) have nothing to escape: those are copied
    // whole, without the serializer serde sets up for each string (its share of long answers
    // showed in profiles). serde escapes only quotes, backslashes and control characters.
    let plain = text.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\');
    if plain {
        out.reserve(text.len() + 2);
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    } else {
        write_serialized(out, text);
    }
}

/// Appends a JSON array of strings.
pub fn write_strings<'a>(out: &mut Vec<u8>, items: impl IntoIterator<Item = &'a str>) {
    out.push(b'[');
    for (n, item) in items.into_iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        write_string(out, item);
    }
    out.push(b']');
}

/// Appends `value` as serde writes it (for the parts of an answer that are not hot).
pub fn write_serialized(out: &mut Vec<u8>, value: &(impl Serialize + ?Sized)) {
    serde_json::to_writer(out, value).expect("writing JSON to memory cannot fail");
}

/// Appends an integer.
pub fn write_int(out: &mut Vec<u8>, value: i64) {
    out.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
}

/// Appends `true` or `false`.
pub fn write_bool(out: &mut Vec<u8>, value: bool) {
    out.extend_from_slice(if value { b"true" } else { b"false" });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_written_as_serde_writes_them() {
        let texts = [
            "",
            "ou_7d8a6e6df7621556ce0d21922b676706",
            "季度营收",
            "a\"quote",
            "back\\slash",
            "line\nbreak\r",
            "\u{1}\u{1f} controls",
            "tab\t",
            "\u{7f} delete, / slash, 😀",
        ];
        for text in texts {
            let mut written = Vec::new();
            write_string(&mut written, text);
            let expected = serde_json::to_string(text).unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), expected, "{text:?}");
        }
    }
}
