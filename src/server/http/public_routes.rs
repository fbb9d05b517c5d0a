//! The storefront routes whose answers are the same for every visitor, as `crate::routes`
//! declares them (beside each route's owner), plus those a program embedding the server
//! adds. Everything a storefront answers that is not declared shared is private: the page
//! cache never keeps it, it goes out with `Cache-Control: private, no-store`, and
//! robots.txt keeps crawlers out of it. A route someone forgets to declare fails closed.
//!
//! A page declares the query parameters it reads; the page cache keys it by those alone,
//! in the declared order, and hands the page a request that carries nothing else (no other
//! parameter, no cookie), so a page cannot show what its key does not hold.

pub use crate::routes::Shared;
use crate::routes::{matches, ROUTES};

/// One shared route: a path pattern (`{name}` stands for one segment) and how it is shared.
#[derive(Clone, Copy, Debug)]
pub struct PublicRoute {
    pub path: &'static str,
    pub shared: Shared,
}

impl PublicRoute {
    pub const fn page(path: &'static str, reads: &'static [&'static str]) -> Self {
        Self { path, shared: Shared::Page { reads } }
    }

    pub const fn data(path: &'static str, reads: &'static [&'static str]) -> Self {
        Self { path, shared: Shared::Data { reads } }
    }

    pub const fn files(path: &'static str) -> Self {
        Self { path, shared: Shared::Files }
    }

    /// The robots.txt rule that lets crawlers in: the pattern up to its first parameter (the
    /// home page alone, not everything under it, for `/`).
    fn robots_allow(&self) -> Option<String> {
        if matches!(self.shared, Shared::Data { .. }) {
            return None;
        }
        Some(match self.path.find('{') {
            Some(i) => self.path[..i].to_string(),
            None if self.path == "/" => "/$".to_string(),
            None => self.path.to_string(),
        })
    }
}

/// The shared routes of a running app: those the app declares and those a program
/// embedding the server adds beside its own routes.
#[derive(Clone, Debug)]
pub struct PublicRoutes(Vec<PublicRoute>);

impl PublicRoutes {
    pub fn new(extra: &[PublicRoute]) -> Self {
        let declared = ROUTES.iter().filter_map(|r| Some(PublicRoute { path: r.path, shared: r.shared? }));
        Self(declared.chain(extra.iter().copied()).collect())
    }

    /// How the route at `path` is shared, or `None`: private.
    pub fn lookup(&self, path: &str) -> Option<Shared> {
        self.0.iter().find(|r| matches(r.path, path)).map(|r| r.shared)
    }

    /// robots.txt's rules: crawlers may read the declared pages and files, nothing else.
    pub fn robots_rules(&self) -> String {
        let mut allowed: Vec<String> = self.0.iter().filter_map(PublicRoute::robots_allow).collect();
        allowed.sort_unstable();
        allowed.dedup();
        let mut rules = String::from("User-agent: *\n");
        for path in allowed {
            rules.push_str(&format!("Allow: {path}\n"));
        }
        rules.push_str("Disallow: /\n");
        rules
    }
}

/// The query of a shared answer: the parameters `reads` names, each once (its first value),
/// in the declared order, written the standard way; `None` when none is there. Other
/// parameters (a tracking tag, a random cache-buster, a preview token) are dropped.
pub fn canonical_query(query: &str, reads: &[&str]) -> Option<String> {
    if query.is_empty() || reads.is_empty() {
        return None;
    }
    let pairs: Vec<(std::borrow::Cow<str>, std::borrow::Cow<str>)> =
        form_urlencoded::parse(query.as_bytes()).filter(|(name, _)| reads.contains(&name.as_ref())).collect();
    if pairs.is_empty() {
        return None;
    }
    let mut out = form_urlencoded::Serializer::new(String::new());
    for name in reads {
        if let Some((_, value)) = pairs.iter().find(|(n, _)| n == name) {
            out.append_pair(name, value);
        }
    }
    Some(out.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_whole_segments() {
        let routes = PublicRoutes::new(&[]);
        for (path, shared) in [
            ("/", Some(Shared::Page { reads: &[] })),
            ("/shop/products", Some(Shared::Page { reads: &["q", "sort", "page"] })),
            ("/shop/products/12", Some(Shared::Page { reads: &[] })),
            ("/pkg/arcade.js", Some(Shared::Files)),
            ("/shop/products/", None),
            ("/shop/products/12/x", None),
            ("/shop/productsx", None),
            ("/shop/cart", None),
            ("/shop/checkout", None),
            ("/shop/orders/ab12", None),
            ("/events/theme", None),
            ("/api/wallet/balance", None),
            ("/api/tenants/by-subdomain/t0001/config", None),
            ("/shop/new-private-page", None),
        ] {
            assert_eq!(routes.lookup(path), shared, "{path}");
        }
    }

    #[test]
    fn only_the_parameters_a_page_reads_are_kept_in_its_order() {
        let reads = &["q", "sort", "page"];
        assert_eq!(canonical_query("page=2&utm=x&q=mug", reads).as_deref(), Some("q=mug&page=2"));
        assert_eq!(canonical_query("cb=123", reads), None);
        assert_eq!(canonical_query("theme_preview=ab", &[]), None);
        assert_eq!(
            canonical_query("q=a%20b&q=other", reads).as_deref(),
            Some("q=a+b"),
            "first value, one spelling"
        );
        assert_eq!(canonical_query("q=a+b", reads), canonical_query("q=a%20b", reads));
    }

    #[test]
    fn robots_lets_crawlers_into_declared_pages_and_files_only() {
        let rules = PublicRoutes::new(&[PublicRoute::page("/lookbook", &[])]).robots_rules();
        assert_eq!(
            rules,
            "User-agent: *\nAllow: /$\nAllow: /lookbook\nAllow: /pkg/\nAllow: /robots.txt\n\
             Allow: /shop/products\nAllow: /shop/products/\nAllow: /sitemap.xml\nAllow: /uploads/\nDisallow: /\n"
        );
    }
}
