//! Algorithm names and the decode allow-list.

use jsonwebtoken::Algorithm;

use crate::config::ConfigError;

/// Every algorithm this crate signs and verifies; `none` is not one of them.
pub(crate) const ALGORITHM_NAMES_EXPECTED: &str =
    "one of HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, EdDSA";

/// Parses a JOSE algorithm name as Flask-JWT-Extended spells it (`HS256`, `EdDSA`, ...).
///
/// `none` is never accepted, in any spelling.
///
/// ```
/// use axum_jwt_login_runtime::parse_algorithm;
/// use jsonwebtoken::Algorithm;
///
/// assert_eq!(parse_algorithm("RS256"), Some(Algorithm::RS256));
/// assert_eq!(parse_algorithm("none"), None);
/// assert_eq!(parse_algorithm("hs256"), None);
/// ```
pub fn parse_algorithm(name: &str) -> Option<Algorithm> {
    name.parse().ok()
}

/// The decode allow-list: the configured list (or none), plus the signing algorithm,
/// without duplicates, all of the signing algorithm's family.
/// Whether the algorithm signs with a shared secret (HS256, HS384, HS512).
pub(crate) fn is_hmac(algorithm: Algorithm) -> bool {
    matches!(
        algorithm,
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512
    )
}

pub(crate) fn allow_list(
    algorithm: Algorithm,
    configured: &[Algorithm],
) -> Result<Vec<Algorithm>, ConfigError> {
    let mut allowed = Vec::with_capacity(configured.len() + 1);
    for &candidate in configured.iter().chain(std::iter::once(&algorithm)) {
        if candidate.family() != algorithm.family() {
            return Err(ConfigError::MixedAlgorithmFamilies {
                algorithm: format!("{candidate:?}"),
                configured: format!("{algorithm:?}"),
            });
        }
        if !allowed.contains(&candidate) {
            allowed.push(candidate);
        }
    }
    Ok(allowed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_supported_name_parses_and_none_never_does() {
        for name in ALGORITHM_NAMES_EXPECTED
            .trim_start_matches("one of ")
            .split(", ")
        {
            let algorithm = parse_algorithm(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(format!("{algorithm:?}"), name);
        }
        for name in ["none", "None", "NONE", "", "HS1", "hs256", "ES512"] {
            assert_eq!(parse_algorithm(name), None, "{name}");
        }
    }

    #[test]
    fn allow_list_adds_the_signing_algorithm_once() {
        assert_eq!(
            allow_list(Algorithm::HS256, &[]).unwrap(),
            [Algorithm::HS256]
        );
        assert_eq!(
            allow_list(Algorithm::HS256, &[Algorithm::HS512, Algorithm::HS256]).unwrap(),
            [Algorithm::HS512, Algorithm::HS256]
        );
        assert_eq!(
            allow_list(Algorithm::RS256, &[Algorithm::PS256]).unwrap(),
            [Algorithm::PS256, Algorithm::RS256]
        );
    }

    #[test]
    fn allow_list_refuses_to_mix_hmac_and_public_keys() {
        assert_eq!(
            allow_list(Algorithm::RS256, &[Algorithm::HS256]).unwrap_err(),
            ConfigError::MixedAlgorithmFamilies {
                algorithm: "HS256".into(),
                configured: "RS256".into()
            }
        );
        assert!(allow_list(Algorithm::HS256, &[Algorithm::ES256]).is_err());
        assert!(allow_list(Algorithm::ES256, &[Algorithm::EdDSA]).is_err());
    }
}
