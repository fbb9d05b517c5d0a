//! A product's structured data for search engines: schema.org `Product` as JSON-LD.
//!
//! It is a data block (`<script type="application/ld+json">`), which browsers never run, so
//! the page's Content-Security-Policy has nothing to allow for it. Its text is written raw
//! into the page, so every `<`, `>` and `&` in it is escaped as a JSON `\u` escape: a
//! product name with `</script>` or `<!--` in it stays inside its JSON string.

use leptos::prelude::*;
use serde_json::{json, Value};

use crate::model::{Availability, Product, SiteInfo};

/// The currency prices are shown in (`$D.CC`, see `model::format_price`): stores have no
/// currency of their own yet.
const CURRENCY: &str = "USD";

/// The JSON-LD block of `product`, on the store's canonical origin.
#[component]
pub fn ProductData(product: Product) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let origin = site.store.as_ref().map(|s| s.canonical.clone()).unwrap_or_default();
    let data = json_ld(&product, &origin);
    view! { <script type="application/ld+json" inner_html=data></script> }
}

/// schema.org `Product` of `p`, with URLs under `origin`, as text safe inside `<script>`.
pub fn json_ld(p: &Product, origin: &str) -> String {
    let url = format!("{origin}/shop/products/{}", p.id);
    let availability = match Availability::of(p.stock) {
        Availability::SoldOut => "https://schema.org/OutOfStock",
        Availability::Few(_) | Availability::InStock => "https://schema.org/InStock",
    };
    let cents = p.price_cents.max(0);
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": p.name,
        "sku": p.id.to_string(),
        "url": url,
        "offers": {
            "@type": "Offer",
            "price": format!("{}.{:02}", cents / 100, cents % 100),
            "priceCurrency": CURRENCY,
            "availability": availability,
            "url": url,
        },
    });
    if !p.description.is_empty() {
        data["description"] = Value::from(p.description.as_str());
    }
    if let Some(image) = p.image_url.as_deref() {
        let absolute = if image.starts_with('/') { format!("{origin}{image}") } else { image.to_string() };
        data["image"] = Value::from(absolute);
    }
    script_safe(&data.to_string())
}

/// JSON text with `<`, `>` and `&` written as `\u` escapes: the same value, and nothing
/// an HTML parser reads as the end of the script or the start of a comment. Outside
/// strings JSON has none of the three, so every one is inside a string, where the escape
/// is valid.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(name: &str, stock: i64) -> Product {
        Product {
            id: 7,
            name: name.into(),
            price_cents: 1250,
            description: "A <b>bold</b> mug & saucer".into(),
            image_url: Some("/uploads/ab.png".into()),
            stock,
        }
    }

    #[test]
    fn a_product_is_described_with_its_offer() {
        let text = json_ld(&product("Mug", 3), "https://shop.example");
        let data: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            data,
            json!({
                "@context": "https://schema.org",
                "@type": "Product",
                "name": "Mug",
                "description": "A <b>bold</b> mug & saucer",
                "image": "https://shop.example/uploads/ab.png",
                "sku": "7",
                "url": "https://shop.example/shop/products/7",
                "offers": {
                    "@type": "Offer",
                    "price": "12.50",
                    "priceCurrency": "USD",
                    "availability": "https://schema.org/InStock",
                    "url": "https://shop.example/shop/products/7",
                },
            })
        );
        let sold_out: Value = serde_json::from_str(&json_ld(&product("Mug", 0), "")).unwrap();
        assert_eq!(sold_out["offers"]["availability"], "https://schema.org/OutOfStock");
    }

    #[test]
    fn a_hostile_name_cannot_leave_the_script() {
        let name = "</script><script>alert(1)</script><!-- x --> & </SCRIPT";
        let text = json_ld(&product(name, 1), "");
        for bad in ["<", ">", "&"] {
            assert!(!text.contains(bad), "{bad} in {text}");
        }
        let data: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(data["name"], name, "the value is unchanged");
    }
}
