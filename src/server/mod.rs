//! Everything that runs only on the server.

pub mod cache;
pub mod cli;
pub mod config;
pub mod db;
pub mod error;
pub mod json_api;
pub mod modules;
pub mod ops;
pub mod pages;
pub mod seed;
pub mod startup;
pub mod state;
pub mod tenancy;
