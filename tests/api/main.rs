//! Integration tests: the real server on a random port, a fresh seeded database per test,
//! HTTP over plain TCP so any `Host` can be sent.

mod helpers;

mod accounts;
mod admin_origin;
mod api_keys;
mod authz;
mod bundle;
mod busy;
mod cleanup;
mod cluster;
mod connections;
mod console;
mod dashboard;
mod dashboard_settings;
mod dns_server;
mod domain_claims;
mod domains;
mod json;
mod mail;
mod module_gate;
mod ops;
mod page_cache;
mod page_markup;
mod search;
mod security_headers;
mod seo;
mod server_fns;
mod shopping;
mod storefront;
mod tenancy;
mod theme;
mod uploads;
mod whole_writes;
