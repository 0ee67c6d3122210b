//! Reading a body once, for the token search and for the handler.

use axum::body::Body;
use axum::http::request::Parts;
use http_body_util::{BodyExt, LengthLimitError, Limited};

use super::JwtLayer;
use crate::config::TokenLocation;
use crate::error::AuthError;
use crate::locations::{BodyTokens, is_form, is_json};

/// Whether the token search needs this request's body: a JSON body the layer
/// buffers, or a form that may carry the CSRF value.
pub(super) fn needs_reading(layer: &JwtLayer, parts: &Parts) -> bool {
    let settings = layer.jwt.config().settings();
    (layer.buffer_json && is_json(&parts.headers))
        || (settings.csrf.check_form
            && settings.token_location.contains(&TokenLocation::Cookies)
            && is_form(&parts.headers))
}

/// Reads the body (the request [`needs_reading`]), records what it holds in the
/// request's extensions, and returns a body with the same bytes for the handler.
pub(super) async fn read_for_tokens(
    layer: &JwtLayer,
    parts: &mut Parts,
    body: Body,
) -> Result<Body, AuthError> {
    let settings = layer.jwt.config().settings();
    let json = layer.buffer_json && is_json(&parts.headers);
    // A body announced as too large is refused before it is read.
    let announced = parts
        .headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok());
    if announced.is_some_and(|length| length > layer.body_limit as u64) {
        return Err(AuthError::BodyTooLarge);
    }
    let reading = Limited::new(body, layer.body_limit).collect();
    let read = match layer.body_timeout {
        Some(limit) => match tokio::time::timeout(limit, reading).await {
            Ok(read) => read,
            Err(_) => return Err(AuthError::BodyTimeout),
        },
        None => reading.await,
    };
    let bytes = match read {
        Ok(collected) => collected.to_bytes(),
        Err(err) if err.is::<LengthLimitError>() => return Err(AuthError::BodyTooLarge),
        Err(err) => {
            tracing::debug!(error = %err, "could not read the request body");
            return Err(AuthError::BodyUnreadable);
        }
    };
    let tokens = if json {
        BodyTokens::from_json(&bytes, settings)
    } else {
        BodyTokens::from_form(&bytes, settings)
    };
    parts.extensions.insert(tokens);
    Ok(Body::from(bytes))
}
