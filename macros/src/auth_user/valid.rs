//! The rules that involve several fields or attributes.

use super::ast::{Field, Input};
use crate::errors::Errors;

/// The fields with each role, once validated.
pub(crate) struct Roles<'i, 'a> {
    pub id: &'i Field<'a>,
    pub active: Option<&'i Field<'a>>,
    pub roles: Option<&'i Field<'a>>,
    pub claims: Vec<&'i Field<'a>>,
}

pub(crate) fn validate<'i, 'a>(input: &'i Input<'a>, errors: &mut Errors) -> Option<Roles<'i, 'a>> {
    let original = input.original;
    if !original.generics.params.is_empty() {
        errors.spanned(
            &original.generics,
            "`#[derive(AuthUser)]` does not support generic structs",
        );
    }
    let single = |errors: &mut Errors, pick: fn(&Field<'a>) -> bool, name: &str| {
        let mut marked = input.fields.iter().filter(|field| pick(field));
        let first = marked.next();
        for extra in marked {
            errors.spanned(
                extra.ident,
                format!("only one field can be `#[auth({name})]`"),
            );
        }
        first
    };
    let id = single(errors, |f| f.attrs.id.is_some(), "id");
    let active = single(errors, |f| f.attrs.active.is_some(), "active");
    let roles = single(errors, |f| f.attrs.roles.is_some(), "roles");
    if id.is_none() {
        errors.spanned(
            &original.ident,
            "`#[derive(AuthUser)]` needs one field marked `#[auth(id)]`: the identity written into tokens",
        );
    }
    let mut names: Vec<(String, &Field<'a>)> = Vec::new();
    for field in input.fields.iter().filter(|f| f.attrs.claim.is_some()) {
        let name = claim_name(field);
        if names.iter().any(|(seen, _)| *seen == name) {
            errors.spanned(
                field.ident,
                format!("two fields are written into the claim `{name}`"),
            );
        }
        if [
            "sub", "type", "fresh", "jti", "iat", "nbf", "exp", "csrf", "iss", "aud",
        ]
        .contains(&name.as_str())
        {
            errors.spanned(claim_span(field), format!("`{name}` is a claim the token engine writes itself; name the claim differently (`#[auth(claim = \"...\")]`)"));
        }
        names.push((name, field));
    }
    match (&input.attrs.loader, &input.attrs.state) {
        (Some(loader), None) => errors.spanned(
            loader,
            "`#[auth(loader = ...)]` also needs the type of the loader's first parameter: `#[auth(loader = find_user, state = AppState)]`",
        ),
        (None, Some(state)) => errors.spanned(state, "`#[auth(state = ...)]` is the state of a loader: add `loader = path::to::async_fn`"),
        _ => {}
    }
    Some(Roles {
        id: id?,
        active,
        roles,
        claims: names.into_iter().map(|(_, field)| field).collect(),
    })
}

/// The tokens to blame for a claim: its name literal, else the field.
fn claim_span(field: &Field<'_>) -> proc_macro2::TokenStream {
    match &field.attrs.claim {
        Some((_, Some(name))) => quote::quote!(#name),
        _ => {
            let ident = field.ident;
            quote::quote!(#ident)
        }
    }
}

/// The claim a `#[auth(claim)]` field is written into.
pub(crate) fn claim_name(field: &Field<'_>) -> String {
    match &field.attrs.claim {
        Some((_, Some(name))) => name.value(),
        _ => field.ident.to_string().trim_start_matches("r#").to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use syn::parse_quote;

    use super::*;

    /// (id field, active field, roles field, claim names)
    type Outcome = (String, Option<String>, Option<String>, Vec<String>);

    fn check(input: syn::DeriveInput) -> Result<Outcome, Vec<String>> {
        let mut errors = Errors::default();
        let parsed = Input::from_syn(&input, &mut errors);
        let roles = parsed
            .as_ref()
            .and_then(|parsed| validate(parsed, &mut errors));
        if let Err(error) = errors.finish() {
            return Err(error.into_iter().map(|e| e.to_string()).collect());
        }
        let roles = roles.ok_or_else(Vec::new)?;
        Ok((
            roles.id.ident.to_string(),
            roles.active.map(|f| f.ident.to_string()),
            roles.roles.map(|f| f.ident.to_string()),
            roles.claims.iter().map(|f| claim_name(f)).collect(),
        ))
    }

    #[test]
    fn fields_and_their_roles() {
        let outcome = check(parse_quote! {
            #[auth(loader = find, state = Db)]
            struct Person {
                #[auth(id)] email: String,
                #[auth(active)] active: bool,
                #[auth(claim, roles)] roles: Vec<String>,
                #[auth(claim = "org")] organization: u64,
                password: String,
            }
        });
        assert_eq!(
            outcome,
            Ok((
                "email".into(),
                Some("active".into()),
                Some("roles".into()),
                vec!["roles".into(), "org".into()]
            ))
        );
    }

    #[test]
    fn every_mistake_is_reported_with_its_own_message() {
        let errors = check(parse_quote! {
            #[auth(loader = find)]
            struct Person {
                #[auth(id)] a: String,
                #[auth(id)] b: String,
                #[auth(active)] c: String,
                #[auth(claim = "exp")] d: u64,
                #[auth(colour)] e: u8,
            }
        })
        .unwrap_err();
        assert_eq!(
            errors,
            [
                "unknown `auth` attribute `colour` on a field; expected `id`, `active`, `claim`, `claim = \"name\"` or `roles`",
                "only one field can be `#[auth(id)]`",
                "`exp` is a claim the token engine writes itself; name the claim differently (`#[auth(claim = \"...\")]`)",
                "`#[auth(loader = ...)]` also needs the type of the loader's first parameter: `#[auth(loader = find_user, state = AppState)]`",
            ]
        );
    }

    #[test]
    fn shapes_that_cannot_be_users() {
        let first = |input| check(input).unwrap_err().remove(0);
        assert_eq!(
            first(parse_quote!(
                enum Person {
                    A,
                }
            )),
            "`#[derive(AuthUser)]` works on structs with named fields, not enums"
        );
        assert_eq!(
            first(parse_quote!(
                struct Person(String);
            )),
            "`#[derive(AuthUser)]` needs a struct with named fields, to mark one `#[auth(id)]`"
        );
        assert_eq!(
            first(parse_quote!(
                struct Person;
            )),
            "`#[derive(AuthUser)]` needs a struct with named fields; a unit struct has no identity field"
        );
        assert_eq!(
            first(parse_quote!(
                struct Person {
                    email: String,
                }
            )),
            "`#[derive(AuthUser)]` needs one field marked `#[auth(id)]`: the identity written into tokens"
        );
        assert_eq!(
            first(parse_quote!(
                struct Person<T> {
                    #[auth(id)]
                    id: T,
                }
            )),
            "`#[derive(AuthUser)]` does not support generic structs"
        );
        assert_eq!(
            first(parse_quote!(
                #[auth(id)]
                struct Person {
                    #[auth(id)]
                    id: u64,
                }
            )),
            "`#[auth(id)]` belongs on a field, not on the struct"
        );
    }
}
