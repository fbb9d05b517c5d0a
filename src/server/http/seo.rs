//! `robots.txt` and `sitemap.xml` of each store, on its own host (and under its prefix in
//! path mode, where crawlers read the platform's `robots.txt`). Every URL in them is on
//! the store's canonical origin.

use axum::{
    extract::{Query, State},
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
    Extension,
};
use serde::Deserialize;

use crate::{
    error::ApiError,
    server::{
        db::products,
        state::AppState,
        tenancy::{site::canonical_origin, Site},
    },
};

/// URLs per sitemap file (the protocol allows 50,000).
const PER_SITEMAP: i64 = 10_000;

/// `GET /robots.txt`.
pub async fn robots(
    State(app): State<AppState>,
    Extension(site): Extension<Site>,
) -> Result<Response, ApiError> {
    let body = match &site {
        // Crawlers may read what the storefront declares shared, nothing else.
        Site::Storefront(ctx) => format!(
            "{}\nSitemap: {}/sitemap.xml\n",
            app.public.robots_rules(),
            canonical_origin(ctx, &app.platform_origin)
        ),
        // The platform host: its landing is public, what moved to the console's origin
        // only redirects; the path-mode copies of stores point to their canonical origin
        // by their own links.
        Site::Platform => {
            "User-agent: *\nDisallow: /admin/\nDisallow: /store/\nDisallow: /login\n".to_string()
        }
        Site::Admin => "User-agent: *\nDisallow: /\n".to_string(),
        _ => return Err(ApiError::NotFound),
    };
    Ok(with_type(body, "text/plain; charset=utf-8"))
}

#[derive(Deserialize)]
pub struct SitemapQuery {
    page: Option<i64>,
}

/// `GET /sitemap.xml`: the store's pages and products, or, for a catalogue larger than one
/// file, an index of `sitemap.xml?page=N`.
pub async fn sitemap(
    State(app): State<AppState>,
    Extension(site): Extension<Site>,
    Query(q): Query<SitemapQuery>,
) -> Result<Response, ApiError> {
    let Site::Storefront(ctx) = &site else { return Err(ApiError::NotFound) };
    let origin = canonical_origin(ctx, &app.platform_origin);
    let total = products::count(&app.db, ctx.id()).await?;
    let files = (total + PER_SITEMAP - 1) / PER_SITEMAP;
    let xml = match q.page {
        None if files > 1 => index(&origin, files),
        page => {
            let page = page.unwrap_or(1);
            if page < 1 || page > files.max(1) {
                return Err(ApiError::NotFound);
            }
            let ids = products::ids_page(&app.db, ctx.id(), (page - 1) * PER_SITEMAP, PER_SITEMAP).await?;
            urlset(&origin, page == 1, &ids)
        }
    };
    Ok(with_type(xml, "application/xml; charset=utf-8"))
}

const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// The index of a catalogue split over `files` sitemaps.
fn index(origin: &str, files: i64) -> String {
    let mut xml = format!("{XML_HEAD}<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for n in 1..=files {
        // `&` is written `&amp;` in XML; the only query here is one parameter.
        xml.push_str(&format!("  <sitemap><loc>{origin}/sitemap.xml?page={n}</loc></sitemap>\n"));
    }
    xml.push_str("</sitemapindex>\n");
    xml
}

/// One sitemap: the home and list pages on the first, then products by id.
fn urlset(origin: &str, first: bool, ids: &[i64]) -> String {
    let mut xml = format!("{XML_HEAD}<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    if first {
        xml.push_str(&format!(
            "  <url><loc>{origin}/</loc></url>\n  <url><loc>{origin}/shop/products</loc></url>\n"
        ));
    }
    for id in ids {
        xml.push_str(&format!("  <url><loc>{origin}/shop/products/{id}</loc></url>\n"));
    }
    xml.push_str("</urlset>\n");
    xml
}

fn with_type(body: String, kind: &'static str) -> Response {
    let mut res = body.into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_catalogue_is_an_index_of_numbered_files() {
        let xml = index("https://shop.example", 3);
        assert!(xml.starts_with(XML_HEAD) && xml.contains("<sitemapindex "));
        let locs: Vec<&str> = xml.split("<loc>").skip(1).map(|s| &s[..s.find("</loc>").unwrap()]).collect();
        assert_eq!(
            locs,
            [
                "https://shop.example/sitemap.xml?page=1",
                "https://shop.example/sitemap.xml?page=2",
                "https://shop.example/sitemap.xml?page=3"
            ]
        );
    }

    #[test]
    fn only_the_first_file_lists_the_home_and_list_pages() {
        assert!(urlset("https://s.example", true, &[7]).contains("<loc>https://s.example/</loc>"));
        let later = urlset("https://s.example", false, &[10_001]);
        assert!(!later.contains("<loc>https://s.example/</loc>"));
        assert!(later.contains("<loc>https://s.example/shop/products/10001</loc>"));
    }
}
