//! Everything that runs only on the server.

pub mod anonymous_writes;
pub mod auth;
pub mod catalog;
pub mod cleanup;
pub mod cli;
pub mod cluster;
pub mod config;
pub mod csv_import;
pub mod db;
pub mod digest;
pub mod dns;
pub mod http;
pub mod mail;
pub mod modules;
pub mod seed;
pub mod serving;
pub mod shopper_cookies;
pub mod startup;
pub mod state;
pub mod stored_files;
pub mod tenancy;
pub mod theme_events;
pub mod tokens;
pub mod write;
