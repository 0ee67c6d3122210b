//! The struct as the derive sees it: named fields with their `auth` attributes.

use super::attr::{self, ContainerAttrs, FieldAttrs};
use crate::errors::Errors;

pub(crate) struct Input<'a> {
    pub original: &'a syn::DeriveInput,
    pub attrs: ContainerAttrs,
    pub fields: Vec<Field<'a>>,
}

pub(crate) struct Field<'a> {
    pub ident: &'a syn::Ident,
    pub ty: &'a syn::Type,
    pub attrs: FieldAttrs,
}

impl<'a> Input<'a> {
    /// Reads the struct; the shape errors (enum, union, tuple or unit struct) stop here.
    pub(crate) fn from_syn(input: &'a syn::DeriveInput, errors: &mut Errors) -> Option<Input<'a>> {
        let attrs = attr::container(&input.attrs, errors);
        let named = match &input.data {
            syn::Data::Struct(syn::DataStruct {
                fields: syn::Fields::Named(named),
                ..
            }) => named,
            syn::Data::Struct(syn::DataStruct {
                fields: syn::Fields::Unnamed(fields),
                ..
            }) => {
                errors.spanned(fields, "`#[derive(AuthUser)]` needs a struct with named fields, to mark one `#[auth(id)]`");
                return None;
            }
            syn::Data::Struct(_) => {
                errors.spanned(&input.ident, "`#[derive(AuthUser)]` needs a struct with named fields; a unit struct has no identity field");
                return None;
            }
            syn::Data::Enum(data) => {
                errors.spanned(
                    data.enum_token,
                    "`#[derive(AuthUser)]` works on structs with named fields, not enums",
                );
                return None;
            }
            syn::Data::Union(data) => {
                errors.spanned(
                    data.union_token,
                    "`#[derive(AuthUser)]` works on structs with named fields, not unions",
                );
                return None;
            }
        };
        let fields = named
            .named
            .iter()
            .filter_map(|field| {
                let ident = field.ident.as_ref()?;
                Some(Field {
                    ident,
                    ty: &field.ty,
                    attrs: attr::field(&field.attrs, errors),
                })
            })
            .collect();
        Some(Input {
            original: input,
            attrs,
            fields,
        })
    }
}
