//! What every capability's rules share: ids, money and amounts, text,
//! contact details, dates, locale, validation and patches, audit entries.

pub mod amount;
pub mod audit;
pub mod contact;
pub mod dates;
pub mod ids;
pub mod locale;
pub mod money;
pub mod patch;
#[cfg(feature = "openapi")]
pub mod schemas;
pub mod text;
pub mod validation;
