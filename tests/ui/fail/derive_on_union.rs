use axum_jwt_login::AuthUser;

#[derive(Clone, Copy, AuthUser)]
union Person {
    id: u64,
    other: u32,
}

fn main() {}
