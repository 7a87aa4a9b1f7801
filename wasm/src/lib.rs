//! # evovoice-wasm
//!
//! The JavaScript surface of the evovoice SDK (npm package `evovoice`), a thin adapter over the
//! core crate: [`convert`] turns JS values into core values and back, the core builds every
//! request and parses every response, [`transport`] sends them with `fetch`.
//! No route, field name, encoding rule or error mapping is written here.

pub mod client;
pub mod convert;
mod methods;
pub mod sansio;
mod snippet;
pub mod transport;

pub use client::{EvoVoiceClient, SessionPager};
pub use sansio::{build_request, parse_response};

use wasm_bindgen::prelude::*;

// Talc instead of the default dlmalloc: 3 KB less gzipped wasm (wasm/scripts/build-pkg.sh).
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

// The DTO and enum declarations, generated from the core crate by build.rs.
#[wasm_bindgen(typescript_custom_section)]
const GENERATED_TYPES: &str = include_str!(concat!(env!("OUT_DIR"), "/types.d.ts"));

// The SDK's own surface types (options, errors, the sans-IO pair).
#[wasm_bindgen(typescript_custom_section)]
const SURFACE_TYPES: &str = include_str!("surface.d.ts");
