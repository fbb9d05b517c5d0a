//! What the bench data set (`WORKLOAD.md`) holds, as the tests expect to see it.

use std::collections::BTreeSet;

use arcade::model::HexColor;

use super::Response;

/// Store `i`'s primary colour in the bench data set.
pub fn primary_color(i: i64) -> String {
    format!("#{:06x}", (i * 2654435761) % 16777216)
}

/// Store `i`'s secondary colour in the bench data set.
pub fn secondary_color(i: i64) -> String {
    format!("#{:06x}", (i * 40503 + 12345) % 16777216)
}

/// Store `i`'s theme as the page's `:root` rule: its own two colours, the default rest.
pub fn theme_css_of(i: i64) -> String {
    theme_css(&primary_color(i), &secondary_color(i))
}

/// The page's `:root` rule of a theme with these two colours and the default rest, with the
/// colours derived from them for readable text (whose AA contrast the unit tests of
/// `HexColor` check over the whole colour space).
pub fn theme_css(primary: &str, secondary: &str) -> String {
    let hex = |s: &str| HexColor::parse(s).expect("a #rrggbb colour");
    let (p, s) = (hex(primary), hex(secondary));
    format!(
        ":root{{--primary-color:{p};--secondary-color:{s};--background-color:#ffffff;\
         --text-color:#1f2328;--accent-color:#e65100;\
         --font-family:system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;--radius:8px;\
         --on-primary:{};--on-secondary:{};--on-accent:#000000;--primary-text:{};--muted-color:#6d7073;\
         --ok-text:#067647;--warn-text:#b54708;--error-text:#b42318}}",
        p.on_color(),
        s.on_color(),
        p.readable_on(HexColor::rgb(255, 255, 255)),
    )
}

/// The ids of store `i`'s 20 products in the bench data set.
pub fn product_ids_of(i: i64) -> Vec<i64> {
    ((i - 1) * 20 + 1..=i * 20).collect()
}

/// Product `j` of store `i` in the bench data set, as the JSON API lists it (on sale: the
/// list says whether, not how many; WORKLOAD.md names neither).
pub fn bench_product(i: i64, j: i64) -> serde_json::Value {
    serde_json::json!({
        "id": (i - 1) * 20 + j,
        "name": format!("Product {j:02} of Store {i:04}"),
        "price_cents": 199 + (i * 37 + j * 101) % 9800,
        "description": format!("Item {j:02} from store t{i:04}: a hand-picked product with free shipping and 30-day returns."),
        "available": true,
    })
}

/// Asserts `res` is store `i`'s product list: 200, its theme, its 20 products and no others.
pub fn assert_product_list_of(res: &Response, i: i64) {
    assert_eq!(res.status, 200, "status of store {i}'s product list; body: {}", res.body);
    assert_eq!(res.theme_css(), Some(theme_css_of(i).as_str()), "store {i}'s theme");
    assert_eq!(res.product_ids(), product_ids_of(i), "product cards on store {i}'s page");
    assert_eq!(res.stores_in_product_names(), BTreeSet::from([i]), "stores named by product names");
}
