//! A store's initials in a badge: what shows where the store has no logo, or where its
//! logo file is gone (the server decides, so no broken image ever reaches the page).

use leptos::prelude::*;

/// Up to two characters: the first letter or digit of each of the first two words.
pub fn initials(name: &str) -> String {
    let letters: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect();
    if letters.is_empty() {
        "?".into()
    } else {
        letters
    }
}

/// The badge; its accessible name is the store's name (the letters alone say little).
#[component]
pub fn StoreInitials(name: String, #[prop(optional)] class: &'static str) -> impl IntoView {
    let letters = initials(&name);
    let class = if class.is_empty() { "initials".to_string() } else { format!("initials {class}") };
    view! { <span class=class role="img" aria-label=name>{letters}</span> }
}

#[cfg(test)]
mod tests {
    use super::initials;

    #[test]
    fn initials_are_the_first_characters_of_the_first_two_words() {
        assert_eq!(initials("Store 0001"), "S0");
        assert_eq!(initials("e2e shop of things"), "ES");
        assert_eq!(initials("  Arcade  "), "A");
        assert_eq!(initials("«Ünique» café"), "ÜC");
        assert_eq!(initials(""), "?");
        assert_eq!(initials("— —"), "?");
    }
}
