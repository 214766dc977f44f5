//! The pages over HTTP, in process: what a browser would send and get back.

mod amounts;
mod contracts;
mod conversion;
mod flows;
mod platform;
mod security;
mod settings;
mod snapshots;
mod support;
mod translations;
mod welcome;
mod zones;
