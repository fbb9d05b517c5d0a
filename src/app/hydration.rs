//! The tags in every page's `<head>` that load and start the app in the browser, and the
//! build's listings of the files they name (`hash.txt`, `shop-bundle.txt`).
//!
//! A page hydrates one of two ways (see [`crate::pages::lazy::hydrates_islands`]):
//! - whole: the app hydrates the page's body (console, dashboards, the shop's pages past
//!   the catalog); Leptos's own script starts it;
//! - as islands: a storefront catalog page is server-only HTML but for its islands (the
//!   cart link, add to cart, …), which [`ISLANDS_SCRIPT`] hydrates one by one, from the
//!   shop bundle (`scripts/build-shop-bundle.sh`) when the build made one. The server
//!   renders such a page without hydration data outside the islands.
//!
//! Leptos's `HydrationScripts` reads the build's `hash.txt` from disk on each render to name
//! the hashed files. The tags are the same on every page, so they are rendered by it once per
//! process and repeated from here; the chunk manifest it provides (which lazy pages preload
//! by) is kept and provided on each render as it would.

use std::sync::OnceLock;

use leptos::{config::LeptosOptions, prelude::*, WasmSplitManifest};

use crate::components::CartPrefetch;

/// A bundle's script and module, and the module script that starts it.
struct Bundle {
    js: String,
    wasm: String,
    script: String,
}

struct Tags {
    /// The whole-page bundle; its script exactly as Leptos renders it.
    whole: Bundle,
    /// The shop bundle (see `scripts/build-shop-bundle.sh`), or the whole-page bundle where
    /// the build made none: it hydrates islands too.
    islands: Bundle,
    split: Option<WasmSplitManifest>,
    /// What the cart page needs from the whole-page bundle, when catalog pages load the
    /// shop bundle: fetched ahead by the cart link (see [`CartPrefetch`]).
    cart: Vec<String>,
}

fn tags(options: &LeptosOptions) -> &'static Tags {
    static TAGS: OnceLock<Tags> = OnceLock::new();
    TAGS.get_or_init(|| {
        let options = options.clone();
        let shop = shop_bundle(&options);
        // A root of its own: rendered inside a request, it must not pick up that request's
        // nonce or contexts.
        Owner::new_root(None).with(|| {
            let html = view! { <HydrationScripts options/> }.to_html();
            let tag = |start: &str| html.find(start).map(|at| &html[at..]).unwrap_or("");
            let href = |tag: &str| between(tag, "href=\"", "\"").to_string();
            let whole = Bundle {
                js: href(tag("<link rel=\"modulepreload\"")),
                wasm: href(tag("<link rel=\"preload\"")),
                script: between(&html, "<script type=\"module\">", "</script>").to_string(),
            };
            let split = use_context::<WasmSplitManifest>();
            let cart = match (&shop, &split) {
                (Some(_), Some(split)) => cart_files(&whole, split),
                _ => Vec::new(),
            };
            let (js, wasm) = shop.unwrap_or_else(|| (whole.js.clone(), whole.wasm.clone()));
            Tags { islands: Bundle { script: islands_script(&js, &wasm), js, wasm }, whole, split, cart }
        })
    })
}

/// The whole-page bundle's script, module and loader of chunks, and the split modules of
/// the app's hydration and of the shop's pages (what a first cart page loads), as the
/// split build lists them. Not the small chunks they share: their names would cost more
/// bytes on every catalog page than they save on the cart.
fn cart_files(whole: &Bundle, split: &WasmSplitManifest) -> Vec<String> {
    const SPLITS: [&str; 6] = [
        "hydrate_whole_",
        "__cart_view_",
        "__checkout_view_",
        "__account_view_",
        "__wishlist_view_",
        "__order_view_",
    ];
    let Some(manifest) = split.0.try_read_value() else { return Vec::new() };
    let (pkg, chunks, loader) = &*manifest;
    let mut files = vec![whole.js.clone(), whole.wasm.clone(), format!("{pkg}/{loader}")];
    let mut own: Vec<&String> = chunks
        .iter()
        .filter(|(split, _)| SPLITS.iter().any(|s| split.starts_with(s)))
        .flat_map(|(_, files)| files.iter().filter(|f| f.starts_with("split_")))
        .collect();
    own.sort();
    own.dedup();
    files.extend(own.into_iter().map(|module| format!("{pkg}/{module}.wasm")));
    files
}

/// The shop bundle's script and module, from `shop-bundle.txt` beside the build's
/// `hash.txt` (a release build); `None` without it.
fn shop_bundle(options: &LeptosOptions) -> Option<(String, String)> {
    let hashes = hash_file(options).filter(|_| options.hash_files)?;
    let listing = std::fs::read_to_string(hashes.with_file_name("shop-bundle.txt")).ok()?;
    let (js, wasm) = parse_shop_bundle(&listing)?;
    let pkg = &options.site_pkg_dir;
    Some((format!("/{pkg}/shop.{js}.js"), format!("/{pkg}/shop.{wasm}.wasm")))
}

/// The hashes in a `shop-bundle.txt` (`js: …` and `wasm: …` lines), if both are there and
/// fit in a file name.
fn parse_shop_bundle(listing: &str) -> Option<(&str, &str)> {
    let name = |h: &&str| !h.is_empty() && h.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b));
    Some((listed(listing, "js").filter(name)?, listed(listing, "wasm").filter(name)?))
}

/// The text between the first `open` and the next `close`, or "".
fn between<'a>(text: &'a str, open: &str, close: &str) -> &'a str {
    let Some(start) = text.find(open).map(|at| at + open.len()) else { return "" };
    text[start..].find(close).map_or("", |len| &text[start..start + len])
}

/// Starts an islands page: loads the app, runs its `hydrate` (which, on such a page, sets
/// up what the islands share), then hydrates each `<leptos-island>` in document order by
/// the function its `data-component` names, and marks `<html data-hydrated>` (browser
/// tests wait for it). `JS` and `WASM` are replaced by the files' addresses.
const ISLANDS_SCRIPT: &str = r#"(async () => {
const app = await import(JS);
await app.default({ module_or_path: WASM });
app.hydrate();
for (const island of document.querySelectorAll("leptos-island")) {
const hydrate = app[island.dataset.component];
if (hydrate) await hydrate(island);
}
document.documentElement.setAttribute("data-hydrated", "");
})();"#;

fn islands_script(js: &str, wasm: &str) -> String {
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
    ISLANDS_SCRIPT.replace("JS", &quoted(js)).replace("WASM", &quoted(wasm))
}

/// The contents of both hydration scripts, which the page policy allows by their hashes;
/// `None` when Leptos rendered none (pages could not hydrate).
pub fn scripts(options: &LeptosOptions) -> Option<[&'static str; 2]> {
    let tags = tags(options);
    (!tags.whole.script.is_empty()).then_some([tags.whole.script.as_str(), tags.islands.script.as_str()])
}

/// Preloads of the app's script and module, and the script that hydrates the page: the
/// whole body, or only its islands. Must come before the body: on an islands page it tells
/// the render that what follows is not hydrated.
#[component]
pub fn Hydration(options: LeptosOptions, islands: bool) -> impl IntoView {
    let tags = tags(&options);
    if let Some(split) = &tags.split {
        provide_context(split.clone());
    }
    if islands {
        if let Some(context) = Owner::current_shared_context() {
            context.set_is_hydrating(false);
        }
        if !tags.cart.is_empty() {
            provide_context(CartPrefetch(tags.cart.clone()));
        }
    }
    let bundle = if islands { &tags.islands } else { &tags.whole };
    view! {
        <link rel="modulepreload" href=bundle.js.as_str()/>
        <link rel="preload" href=bundle.wasm.as_str() r#as="fetch" r#type="application/wasm" crossorigin=""/>
        <script type="module" inner_html=bundle.script.as_str()></script>
    }
}

/// The build's `hash.txt` beside the running binary, if there is one.
pub fn hash_file(options: &LeptosOptions) -> Option<std::path::PathBuf> {
    let path = std::env::current_exe().ok()?.parent()?.join(options.hash_file.as_ref());
    path.is_file().then_some(path)
}

/// The value of `key` in a listing of `key: value` lines, as the build writes `hash.txt`
/// and `shop-bundle.txt`.
pub fn listed<'a>(listing: &'a str, key: &str) -> Option<&'a str> {
    listing.lines().find_map(|l| l.split_once(':').filter(|(k, _)| k.trim() == key).map(|(_, v)| v.trim()))
}

/// The stylesheet's URL: `/pkg/{output}[.{hash}].css`, read once per process.
pub fn stylesheet_href(options: &LeptosOptions) -> &'static str {
    static HREF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HREF.get_or_init(|| {
        let hashes =
            hash_file(options).filter(|_| options.hash_files).and_then(|p| std::fs::read_to_string(p).ok());
        let hash = hashes.as_deref().and_then(|h| listed(h, "css"));
        let name = match hash {
            Some(h) => format!("{}.{h}.css", options.output_name),
            None => format!("{}.css", options.output_name),
        };
        format!("/{}/{name}", options.site_pkg_dir)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tags_match_what_leptos_renders_less_the_per_request_nonce() {
        let options = LeptosOptions::builder().output_name("arcade").site_pkg_dir("pkg").build();
        let ours =
            Owner::new().with(|| view! { <Hydration options=options.clone() islands=false/> }.to_html());
        let theirs = Owner::new().with(|| view! { <HydrationScripts options=options.clone()/> }.to_html());
        assert_eq!(ours, theirs);
        assert!(ours.contains("/pkg/arcade.js") && ours.contains("/pkg/arcade_bg.wasm"), "{ours}");
        assert!(scripts(&options).is_some_and(|[whole, _]| whole.contains("arcade")));
    }

    #[test]
    fn an_islands_page_loads_the_same_files_and_hydrates_its_islands() {
        let options = LeptosOptions::builder().output_name("arcade").site_pkg_dir("pkg").build();
        let whole =
            Owner::new().with(|| view! { <Hydration options=options.clone() islands=false/> }.to_html());
        let islands =
            Owner::new().with(|| view! { <Hydration options=options.clone() islands=true/> }.to_html());
        let preloads = |html: &str| html[..html.find("<script").unwrap()].to_string();
        assert_eq!(preloads(&whole), preloads(&islands));
        let [_, script] = scripts(&options).unwrap();
        assert!(islands.contains(script), "{islands}");
        assert!(script.contains(r#"import("/pkg/arcade.js")"#), "{script}");
        assert!(script.contains(r#"module_or_path: "/pkg/arcade_bg.wasm""#), "{script}");
        assert!(script.contains("leptos-island"), "{script}");
    }

    #[test]
    fn the_shop_bundle_listing_names_two_files_or_none() {
        assert_eq!(parse_shop_bundle("js: abc-_1\nwasm: XYZ\n"), Some(("abc-_1", "XYZ")));
        assert_eq!(parse_shop_bundle("wasm: XYZ\njs: abc\n"), Some(("abc", "XYZ")));
        for bad in ["", "js: abc\n", "js: a/b\nwasm: c\n", "js: \nwasm: c\n", "js: a\"\nwasm: c"] {
            assert_eq!(parse_shop_bundle(bad), None, "{bad:?}");
        }
        let script = islands_script("/pkg/shop.abc.js", "/pkg/shop.XYZ.wasm");
        assert!(script.contains(r#"import("/pkg/shop.abc.js")"#), "{script}");
        assert!(script.contains(r#"module_or_path: "/pkg/shop.XYZ.wasm""#), "{script}");
    }

    #[test]
    fn between_finds_the_first_span() {
        assert_eq!(between("a href=\"x\" href=\"y\"", "href=\"", "\""), "x");
        assert_eq!(between("no such", "href=\"", "\""), "");
    }
}
