//! What a storefront page tells search engines and link previews: its canonical URL on the
//! store's canonical origin (so path-mode and secondary-domain copies point there), a
//! description, Open Graph tags and the store's icon.

use leptos::prelude::*;
use leptos_meta::{Link, Meta};
use leptos_router::hooks::{use_location, use_query_map};

use crate::model::SiteInfo;

/// Longest description, in characters (what search results show).
const DESCRIPTION_MAX: usize = 160;

/// The head tags of a storefront page. `title` (what a shared link is headed with)
/// defaults to the store's name, `description` to the store's own line; `image` is a
/// store-relative upload or an absolute URL.
#[component]
pub fn StoreMeta(
    #[prop(optional, into)] title: Option<String>,
    #[prop(optional, into)] description: Option<String>,
    #[prop(optional, into)] image: Option<String>,
    /// `website`, or `product` on a product page.
    #[prop(default = "website")]
    kind: &'static str,
) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let store = site.store.clone()?;
    let PageAt { path, page } = use_context::<PageAt>().unwrap_or_else(|| {
        let path = use_location().pathname.get_untracked();
        let path = path.strip_prefix(site.base.as_str()).filter(|_| !site.base.is_empty()).unwrap_or(&path);
        let page = use_query_map().read_untracked().get("page");
        PageAt::new(path, page.as_deref())
    });
    let query = page.map(|p| format!("?page={p}")).unwrap_or_default();
    let url = format!("{}{}{query}", store.canonical, if path.is_empty() { "/" } else { &path });
    let description = shorten(&description.unwrap_or_else(|| {
        if store.theme.hero_text.is_empty() {
            format!("Shop {}: hand-picked products, free shipping and 30-day returns.", store.name)
        } else {
            store.theme.hero_text.to_string()
        }
    }));
    let absolute =
        |u: &str| if u.starts_with('/') { format!("{}{u}", store.canonical) } else { u.to_string() };
    let image = image.filter(|u| !u.is_empty()).or_else(|| store.logo_url.clone()).map(|u| absolute(&u));
    let icon = store.favicon_url.as_deref().or(store.logo_url.as_deref()).map(|u| site.asset(u));
    Some(view! {
        <Link rel="canonical" href=url.clone()/>
        <Meta name="description" content=description.clone()/>
        <Meta property="og:title" content=title.unwrap_or_else(|| store.name.clone())/>
        <Meta property="og:site_name" content=store.name.clone()/>
        <Meta property="og:type" content=kind/>
        <Meta property="og:url" content=url/>
        <Meta property="og:description" content=description/>
        {image.map(|src| view! { <Meta property="og:image" content=src/> })}
        {icon.map(|href| view! { <Link rel="icon" href=href/> })}
    })
}

/// Where a storefront page is: its path below the store's base and, past the first, the
/// page of a list (only the page number changes what a list shows for everyone; sort and
/// search do not). Read from the router, or provided where a page renders without one.
#[derive(Clone, Debug)]
pub struct PageAt {
    path: String,
    page: Option<i64>,
}

impl PageAt {
    pub fn new(path: &str, page: Option<&str>) -> Self {
        let page = page.and_then(|p| p.parse::<i64>().ok()).filter(|p| *p > 1);
        Self { path: path.to_string(), page }
    }
}

/// At most [`DESCRIPTION_MAX`] characters, on one line, cut at a word with an ellipsis.
fn shorten(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= DESCRIPTION_MAX {
        return flat;
    }
    let cut: String = flat.chars().take(DESCRIPTION_MAX - 1).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn descriptions_are_one_short_line() {
        assert_eq!(shorten("  A mug.\n\nBlue. "), "A mug. Blue.");
        let long = "word ".repeat(60);
        let s = shorten(&long);
        assert!(s.chars().count() <= 160 && s.ends_with("word…"), "{s}");
    }
}
