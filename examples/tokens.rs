//! The token engine on its own: read Flask-JWT-Extended's settings from the
//! environment, mint an access and a refresh token, verify them, and show what a
//! client gets for a refused token.
//!
//! ```text
//! cargo run --example tokens
//! JWT_SECRET_KEY=$(openssl rand -hex 32) JWT_ACCESS_TOKEN_EXPIRES=60 cargo run --example tokens
//! ```

use axum_jwt_login::{JwtConfigBuilder, JwtManager, TokenOptions};

fn main() {
    if let Err(err) = run() {
        eprintln!("error: {err}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut builder = JwtConfigBuilder::from_env()?;
    if std::env::var_os("JWT_SECRET_KEY").is_none() && std::env::var_os("JWT_PRIVATE_KEY").is_none()
    {
        eprintln!("warning: JWT_SECRET_KEY is not set; using a random secret for this run only");
        let random = format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        builder = builder.secret(random);
    }
    let jwt = JwtManager::new(builder.build()?);

    let access = jwt.create_access_token("alice@example.com", TokenOptions::new().fresh(true))?;
    let refresh = jwt.create_refresh_token("alice@example.com", TokenOptions::new())?;
    println!("access token:  {access}");
    println!("refresh token: {refresh}");

    let decoded = jwt.decode_token(&access)?;
    println!(
        "header: {}",
        serde_json::Value::Object((*decoded.header).clone())
    );
    let claims = decoded.claims;
    println!(
        "claims: identity={} type={} fresh={:?} jti={:?} exp={:?}",
        claims.identity,
        claims.token_type.as_str(),
        claims.fresh,
        claims.jti,
        claims.exp
    );

    let tampered = format!("{}x", &access[..access.len() - 1]);
    let refusal = jwt
        .decode_token(&tampered)
        .expect_err("a tampered token is refused");
    println!(
        "a tampered token gets {} {{\"msg\": {:?}}}",
        refusal.status(),
        refusal.to_string()
    );
    Ok(())
}
