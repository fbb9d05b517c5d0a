//! The tags in every page's `<head>` that load and start the app in the browser.
//!
//! Leptos's `HydrationScripts` reads the build's `hash.txt` from disk on each render to name
//! the hashed files. The tags are the same on every page, so they are rendered by it once per
//! process and repeated from here; the chunk manifest it provides (which lazy pages preload
//! by) is kept and provided on each render as it would.

use std::sync::OnceLock;

use leptos::{config::LeptosOptions, prelude::*, WasmSplitManifest};

struct Tags {
    js: String,
    wasm: String,
    /// The module script's content, exactly as Leptos renders it.
    script: String,
    split: Option<WasmSplitManifest>,
}

fn tags(options: &LeptosOptions) -> &'static Tags {
    static TAGS: OnceLock<Tags> = OnceLock::new();
    TAGS.get_or_init(|| {
        let options = options.clone();
        // A root of its own: rendered inside a request, it must not pick up that request's
        // nonce or contexts.
        Owner::new_root(None).with(|| {
            let html = view! { <HydrationScripts options/> }.to_html();
            let tag = |start: &str| html.find(start).map(|at| &html[at..]).unwrap_or("");
            let href = |tag: &str| between(tag, "href=\"", "\"").to_string();
            Tags {
                js: href(tag("<link rel=\"modulepreload\"")),
                wasm: href(tag("<link rel=\"preload\"")),
                script: between(&html, "<script type=\"module\">", "</script>").to_string(),
                split: use_context::<WasmSplitManifest>(),
            }
        })
    })
}

/// The text between the first `open` and the next `close`, or "".
fn between<'a>(text: &'a str, open: &str, close: &str) -> &'a str {
    let Some(start) = text.find(open).map(|at| at + open.len()) else { return "" };
    text[start..].find(close).map_or("", |len| &text[start..start + len])
}

/// The content of the hydration script, which the page policy allows by its hash; `None`
/// when Leptos rendered none (pages could not hydrate).
pub fn script(options: &LeptosOptions) -> Option<&'static str> {
    Some(tags(options).script.as_str()).filter(|s| !s.is_empty())
}

/// Preloads of the app's script and module, and the script that hydrates the page.
#[component]
pub fn Hydration(options: LeptosOptions) -> impl IntoView {
    let tags = tags(&options);
    if let Some(split) = &tags.split {
        provide_context(split.clone());
    }
    view! {
        <link rel="modulepreload" href=tags.js.as_str()/>
        <link rel="preload" href=tags.wasm.as_str() r#as="fetch" r#type="application/wasm" crossorigin=""/>
        <script type="module" inner_html=tags.script.as_str()></script>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tags_match_what_leptos_renders_less_the_per_request_nonce() {
        let options = LeptosOptions::builder().output_name("arcade").site_pkg_dir("pkg").build();
        let ours = Owner::new().with(|| view! { <Hydration options=options.clone()/> }.to_html());
        let theirs = Owner::new().with(|| view! { <HydrationScripts options=options.clone()/> }.to_html());
        assert_eq!(ours, theirs);
        assert!(ours.contains("/pkg/arcade.js") && ours.contains("/pkg/arcade_bg.wasm"), "{ours}");
        assert!(script(&options).is_some_and(|s| s.contains("arcade")));
    }

    #[test]
    fn between_finds_the_first_span() {
        assert_eq!(between("a href=\"x\" href=\"y\"", "href=\"", "\""), "x");
        assert_eq!(between("no such", "href=\"", "\""), "");
    }
}
