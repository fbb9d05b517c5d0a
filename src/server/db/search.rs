//! A shopper's search text as a query of the product search index: SQLite's FTS5 table
//! `products_search`, PostgreSQL's `products.search` (`tsvector`).
//!
//! The text is read as words (runs of letters and digits; anything else separates them),
//! every word must appear in the product's name or description, and the last one may be
//! the start of a word, as a search box is typed. Nothing the shopper types reaches either
//! query language as syntax: the words are letters and digits only, and each is written
//! as a quoted string (FTS5) or a plain lexeme (PostgreSQL).

use super::StoreId;

/// Characters of the text that are read; the rest is ignored.
const MAX_CHARS: usize = 200;
/// Words that are looked for; the rest are ignored.
const MAX_WORDS: usize = 8;

/// The first and last row id of `store`'s entries in SQLite's index: a product's entry is
/// `store × 2³² + product id` (migration 0016), so a search seeks to its store's range in
/// every word's list instead of walking the platform's matches. The product's id is the
/// row id less the first.
pub(super) fn store_rows(store: StoreId) -> (i64, i64) {
    let first = store.get() << 32;
    (first, first | 0xffff_ffff)
}

/// The words of a search text, lowercased, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Words {
    words: Vec<String>,
    /// The text was not blank.
    asked: bool,
}

impl Words {
    /// The words of `text` (none for a text without letters or digits).
    pub(super) fn parse(text: &str) -> Self {
        let asked = !text.trim().is_empty();
        let text: String = text.chars().take(MAX_CHARS).collect();
        let words = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(MAX_WORDS)
            .map(str::to_lowercase)
            .collect();
        Self { words, asked }
    }

    /// True for a blank text: the list is not filtered.
    pub(super) fn is_blank(&self) -> bool {
        !self.asked
    }

    /// True for a text without a word to look for (`%`, `"*"`): nothing matches it.
    pub(super) fn matches_nothing(&self) -> bool {
        self.asked && self.words.is_empty()
    }

    /// The FTS5 query: products whose name or description has every word, the last as a
    /// prefix. The store is not in the text: it is the range of row ids [`store_rows`] gives.
    pub(super) fn fts5(&self) -> String {
        let mut terms = Vec::with_capacity(self.words.len());
        for (i, word) in self.words.iter().enumerate() {
            let prefix = if i + 1 == self.words.len() { "*" } else { "" };
            terms.push(format!("\"{}\"{prefix}", word.replace('"', "\"\"")));
        }
        terms.join(" AND ")
    }

    /// The text for PostgreSQL's `to_tsquery('simple', …)`: every word, the last as a prefix.
    pub(super) fn tsquery(&self) -> String {
        let mut query = self.words.join(" & ");
        if !query.is_empty() {
            query.push_str(":*");
        }
        query
    }
}

#[cfg(test)]
mod tests {
    use super::{store_rows, StoreId, Words};

    fn words(text: &str) -> Vec<String> {
        Words::parse(text).words
    }

    #[test]
    fn words_are_letters_and_digits_and_nothing_else() {
        assert_eq!(words("Red  MUG"), ["red", "mug"]);
        assert_eq!(words("\"red\" AND (mug OR NEAR(cup*"), ["red", "and", "mug", "or", "near", "cup"]);
        assert_eq!(words("t-shirt 3.5"), ["t", "shirt", "3", "5"]);
        assert_eq!(words("Café Ünïcode 日本"), ["café", "ünïcode", "日本"]);
        for blank in ["", "   \t"] {
            assert!(Words::parse(blank).is_blank() && !Words::parse(blank).matches_nothing(), "{blank:?}");
        }
        for wordless in ["\"", "*", "()", "%", "\"\"*:&|!'\\"] {
            assert!(Words::parse(wordless).matches_nothing(), "{wordless:?}");
        }
    }

    #[test]
    fn long_texts_are_cut_to_a_few_words() {
        assert_eq!(words(&"ab ".repeat(10_000)).len(), 8);
        assert_eq!(words(&"x".repeat(100_000))[0].len(), 200);
    }

    #[test]
    fn queries_quote_every_word_and_prefix_the_last() {
        let q = Words::parse("red near mu");
        assert_eq!(q.fts5(), "\"red\" AND \"near\" AND \"mu\"*");
        assert_eq!(q.tsquery(), "red & near & mu:*");
        assert_eq!(Words::parse("").tsquery(), "");
    }

    #[test]
    fn stores_have_disjoint_ranges_of_row_ids() {
        assert_eq!(store_rows(StoreId::from_db(1)), (1 << 32, (2 << 32) - 1));
        let (_, last_of_7) = store_rows(StoreId::from_db(7));
        let (first_of_8, _) = store_rows(StoreId::from_db(8));
        assert_eq!(last_of_7 + 1, first_of_8);
        // The largest store id the key holds: no overflow.
        assert_eq!(store_rows(StoreId::from_db(i32::MAX.into())).1, i64::MAX);
    }
}
