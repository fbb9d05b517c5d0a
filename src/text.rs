//! Writing values into text for the server and the browser alike: HTML escaping for
//! hand-built markup, percent-encoding for URLs, dates. One definition of each.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use time::OffsetDateTime;

/// Bytes kept as they are in a URL component: RFC 3986's unreserved characters and `/`
/// (legal in a query, and it keeps `next=/store/t0001/` readable).
const URL_COMPONENT: &AsciiSet =
    &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'/');

/// Percent-encodes a path segment or query value (a space is `%20`).
pub fn encode(s: &str) -> String {
    utf8_percent_encode(s, URL_COMPONENT).to_string()
}

/// Text made safe to place in HTML, as element content or a quoted attribute value.
/// Views escape by themselves; this is for markup written by hand. Kept local (not a
/// crate) because it also runs in the browser, where every byte of the bundle counts.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A Unix time as a UTC date-time; out-of-range values read as the epoch.
fn utc(unix: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(unix).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// Unix seconds as `YYYY-MM-DD` (UTC).
pub fn date(unix: i64) -> String {
    let t = utc(unix);
    format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
}

/// Unix seconds as `YYYY-MM-DD HH:MM UTC`.
pub fn datetime(unix: i64) -> String {
    let t = utc(unix);
    format!("{} {:02}:{:02} UTC", date(unix), t.hour(), t.minute())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_components_keep_only_unreserved_characters_and_slashes() {
        assert_eq!(encode("/store/a b?x=1&y"), "/store/a%20b%3Fx%3D1%26y");
        assert_eq!(encode("a&b"), "a%26b");
        assert_eq!(encode("Product created."), "Product%20created.");
        assert_eq!(encode("AZaz09-._~/"), "AZaz09-._~/");
        assert_eq!(encode("é"), "%C3%A9");
        assert_eq!(encode("+%#\r\n"), "%2B%25%23%0D%0A");
        assert_eq!(encode("red;}</style><script>"), "red%3B%7D%3C/style%3E%3Cscript%3E");
        assert_eq!(encode("url(x)"), "url%28x%29");
    }

    #[test]
    fn html_special_characters_are_escaped() {
        assert_eq!(escape_html("a </textarea><b>&"), "a &lt;/textarea&gt;&lt;b&gt;&amp;");
        assert_eq!(escape_html(r#"" onmouseover='x'"#), "&quot; onmouseover=&#39;x&#39;");
        assert_eq!(escape_html("red;}</style><script>"), "red;}&lt;/style&gt;&lt;script&gt;");
        assert_eq!(escape_html("Café ünïcode ✓"), "Café ünïcode ✓");
        assert_eq!(escape_html("&amp;"), "&amp;amp;", "escaping twice shows the text, not a character");
    }

    #[test]
    fn dates_read_in_utc() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(20_516 * 86_400), "2026-03-04");
        assert_eq!(date(11_016 * 86_400), "2000-02-29");
        assert_eq!(date(-1), "1969-12-31");
        assert_eq!(datetime(0), "1970-01-01 00:00 UTC");
        assert_eq!(datetime(1_700_000_000), "2023-11-14 22:13 UTC");
        assert_eq!(datetime(i64::MAX), "1970-01-01 00:00 UTC", "out of range");
    }
}
