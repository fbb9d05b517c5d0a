//! Reading a bulk-import file with the csv crate (on the server only, so the browser
//! bundle does not carry a CSV parser): quoted fields with commas, quotes and line
//! breaks, an optional header row, bounded size.

use crate::model::ImportRow;

/// Largest file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;
/// Most rows accepted in one file.
pub const MAX_ROWS: usize = 10_000;
/// Columns of a row: `code,name,owner_email,modules,primary_color`.
pub const COLUMNS: usize = 5;

/// Why a whole file was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("the file is larger than 2 MB: split it into smaller files and import them one by one")]
    TooLarge,
    #[error("the file has more than 10000 rows: split it into smaller files and import them one by one")]
    TooManyRows,
    #[error("the file has no rows to import")]
    Empty,
    #[error("line {line}: {message}")]
    Unreadable { line: u64, message: String },
}

/// The records of a CSV file with the line each starts on. Fields are trimmed; blank
/// rows and a first row starting with `code` (the header) are left out. A row may have
/// any number of fields (the import reports rows that are too wide); past one more than
/// [`COLUMNS`] they are dropped, so a hostile row cannot make the answer huge.
pub fn read_rows(text: &str) -> Result<Vec<ImportRow>, FileError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(FileError::TooLarge);
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut first = true;
    let mut lines = LineCounter::default();
    for record in reader.records() {
        let record = record.map_err(|e| FileError::Unreadable {
            line: e.position().map_or(0, |p| p.line()),
            message: e.to_string(),
        })?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        let header = first && record.get(0).is_some_and(|f| f.eq_ignore_ascii_case("code"));
        first = false;
        if header {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(FileError::TooManyRows);
        }
        let line = lines.line_of(text, record.position().map_or(0, |p| p.byte() as usize));
        rows.push(ImportRow { line, fields: record.iter().take(COLUMNS + 1).map(str::to_string).collect() });
    }
    if rows.is_empty() {
        return Err(FileError::Empty);
    }
    Ok(rows)
}

/// Line numbers of records, counted forward as records come in order. The csv crate
/// reports where it began reading a record, which is before any blank lines (and the
/// `\n` of a `\r\n`) it skipped, so the count starts from the record's first non-blank byte.
#[derive(Default)]
struct LineCounter {
    /// Bytes counted so far, and the newlines among them.
    counted: usize,
    newlines: usize,
}

impl LineCounter {
    /// The 1-based line of the record that the reader began at byte `from`.
    fn line_of(&mut self, text: &str, from: usize) -> usize {
        let bytes = text.as_bytes();
        let from = from.clamp(self.counted, bytes.len());
        let start =
            bytes[from..].iter().position(|b| !b.is_ascii_whitespace()).map_or(bytes.len(), |i| from + i);
        self.newlines += bytes[self.counted..start].iter().filter(|&&b| b == b'\n').count();
        self.counted = start;
        self.newlines + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<ImportRow> {
        read_rows(text).expect("a readable file")
    }

    fn row(line: usize, fields: &[&str]) -> ImportRow {
        ImportRow { line, fields: fields.iter().map(|f| f.to_string()).collect() }
    }

    #[test]
    fn a_quoted_field_may_span_lines_and_rows_keep_their_first_line() {
        let text = "a1,\"Two\nline name\",x@y.test\na2,Plain\n";
        assert_eq!(rows(text), [row(1, &["a1", "Two\nline name", "x@y.test"]), row(3, &["a2", "Plain"])]);
    }

    #[test]
    fn commas_and_escaped_quotes_inside_quotes_are_text() {
        let text = r#"b1,"Shop, Inc.","say ""hi""",,"#;
        assert_eq!(rows(text), [row(1, &["b1", "Shop, Inc.", r#"say "hi""#, "", ""])]);
    }

    #[test]
    fn a_header_row_is_recognised_and_optional() {
        let with = "\u{feff}Code,Name\r\n\r\nt1,One\r\n  \nt2,\"Two, Inc.\"\n";
        assert_eq!(rows(with), [row(3, &["t1", "One"]), row(5, &["t2", "Two, Inc."])]);
        let without = "t1,One\ncode,Two";
        assert_eq!(rows(without), [row(1, &["t1", "One"]), row(2, &["code", "Two"])]);
    }

    #[test]
    fn wide_rows_are_kept_for_the_report_but_bounded() {
        let text = format!("w1,Wide,,,#123456,surplus\nw2{}", ",x".repeat(10_000));
        let read = read_rows(&text).unwrap();
        assert_eq!(read[0].fields.len(), COLUMNS + 1);
        assert_eq!(read[1].fields.len(), COLUMNS + 1);
    }

    #[test]
    fn oversize_and_overlong_files_are_refused_whole() {
        let big = format!("{}\n", "a".repeat(MAX_FILE_BYTES));
        assert_eq!(read_rows(&big), Err(FileError::TooLarge));
        let many: String = (0..=MAX_ROWS).map(|i| format!("s{i},S\n")).collect();
        assert_eq!(read_rows(&many), Err(FileError::TooManyRows));
        let exactly: String = (0..MAX_ROWS).map(|i| format!("s{i},S\n")).collect();
        assert_eq!(read_rows(&exactly).map(|r| r.len()), Ok(MAX_ROWS));
    }

    #[test]
    fn a_file_without_rows_is_refused() {
        assert_eq!(read_rows(""), Err(FileError::Empty));
        assert_eq!(read_rows("code,name,owner_email\n\n"), Err(FileError::Empty));
    }

    #[test]
    fn hostile_text_stays_text() {
        let text = "x1,\"</script><script>alert(1)</script>\",,,red;}</style>\n";
        assert_eq!(
            rows(text),
            [row(1, &["x1", "</script><script>alert(1)</script>", "", "", "red;}</style>"])]
        );
    }
}
