//! Choosing jsonwebtoken's cryptographic backend, once, without ever panicking.
//!
//! jsonwebtoken 12 picks its backend from its own cargo features and panics on the
//! first signature when it has none or both. This crate's `aws-lc-rs` (default) and
//! `rust-crypto` features select one; building a configuration installs it as the
//! process default, or fails with [`ConfigError::CryptoProvider`] when the build
//! has no single choice.

use jsonwebtoken::crypto::CryptoProvider;

use crate::config::ConfigError;

#[cfg(not(any(feature = "aws-lc-rs", feature = "rust-crypto")))]
compile_error!(
    "axum-jwt-login needs a crypto backend: enable its `aws-lc-rs` feature (the default) \
     or its `rust-crypto` feature"
);

#[cfg(all(feature = "aws-lc-rs", feature = "rust-crypto"))]
const BOTH_FEATURES: &str = "axum-jwt-login was built with both the `aws-lc-rs` and the `rust-crypto` \
     features, so jsonwebtoken has no single crypto backend: enable exactly one \
     (e.g. `default-features = false, features = [\"rust-crypto\"]`), or call \
     jsonwebtoken::crypto::CryptoProvider::install_default() before building the configuration";

/// The process-wide backend: the one the application installed, else the one this
/// crate's feature selects (installed now), else an error that says what to do.
pub(crate) fn crypto_provider() -> Result<&'static CryptoProvider, ConfigError> {
    if let Some(provider) = CryptoProvider::try_get_default() {
        return Ok(provider);
    }
    install_feature_provider()?;
    CryptoProvider::try_get_default().ok_or(ConfigError::CryptoProvider(
        "no crypto backend could be installed for jsonwebtoken",
    ))
}

#[cfg(all(feature = "aws-lc-rs", feature = "rust-crypto"))]
fn install_feature_provider() -> Result<(), ConfigError> {
    Err(ConfigError::CryptoProvider(BOTH_FEATURES))
}

#[cfg(all(feature = "aws-lc-rs", not(feature = "rust-crypto")))]
fn install_feature_provider() -> Result<(), ConfigError> {
    // Another thread may have installed one in between: either way one is installed.
    let _ = jsonwebtoken::crypto::aws_lc::DEFAULT_PROVIDER.install_default();
    Ok(())
}

#[cfg(all(feature = "rust-crypto", not(feature = "aws-lc-rs")))]
fn install_feature_provider() -> Result<(), ConfigError> {
    let _ = jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER.install_default();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(not(all(feature = "aws-lc-rs", feature = "rust-crypto")))]
    #[test]
    fn one_feature_gives_a_provider() {
        assert!(crypto_provider().is_ok());
        assert!(CryptoProvider::try_get_default().is_some());
    }

    #[cfg(all(feature = "aws-lc-rs", feature = "rust-crypto"))]
    #[test]
    fn both_features_give_a_clear_error_not_a_panic() {
        assert_eq!(
            crypto_provider().unwrap_err(),
            ConfigError::CryptoProvider(BOTH_FEATURES)
        );
    }
}
