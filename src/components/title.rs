//! Page titles made from data (store and product names).

use leptos::{prelude::*, text_prop::TextProp};
use leptos_meta::Title;

/// `<Title>` for text that comes from data. leptos_meta writes the server-rendered
/// `<title>` without escaping, so a name containing `</title><script>` would end the
/// element and inject markup into `<head>`. The server escapes it; the browser decodes
/// the entities back, and on the client the text is set as text, so both agree.
#[component]
pub fn PageTitle(#[prop(into)] text: TextProp) -> impl IntoView {
    view! { <Title text=move || escaped_on_server(&text.get())/> }
}

/// Escapes what could end a `<title>` early or start a character reference.
fn escaped_on_server(text: &str) -> String {
    if cfg!(feature = "ssr") {
        text.replace('&', "&amp;").replace('<', "&lt;")
    } else {
        text.to_string()
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #[test]
    fn markup_in_a_title_is_escaped_on_the_server() {
        assert_eq!(super::escaped_on_server("A & B </title><script>"), "A &amp; B &lt;/title>&lt;script>");
    }
}
