use axum_jwt_login::AuthUser;

#[derive(Clone, AuthUser)]
struct Person {
    #[auth(id)]
    email: String,
    #[auth(claim)]
    team: Team,
}

#[derive(Clone)]
struct Team {
    name: String,
}

fn main() {}
