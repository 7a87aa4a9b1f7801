//! The paged list envelope.

use serde::{Deserialize, Serialize};

/// One page of a list (ServiceStack's `ListResponse<T>`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct ListResponse<T> {
    /// The items
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<T>>,
    /// The total number of items
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_count: Option<i64>,
    /// The total number of pages
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_pages: Option<i64>,
    /// Are there more pages of items? Used with simplified paging
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_more_pages: Option<bool>,
}

impl<T> Default for ListResponse<T> {
    fn default() -> Self {
        Self { items: None, total_count: None, total_pages: None, has_more_pages: None }
    }
}

impl<T> ListResponse<T> {
    /// The items of this page (empty when the server sent none).
    pub fn items(&self) -> &[T] {
        self.items.as_deref().unwrap_or(&[])
    }
}

impl<T> ListResponse<T> {
    /// The envelope's fields, described as the `dto!` macro describes a DTO's (`T` stands for
    /// the item type); read by `json::shape` (for the bindings; not covered by semver).
    #[doc(hidden)]
    pub const FIELDS: &'static [crate::schema::FieldSchema] = &[
        crate::schema::FieldSchema { name: "items", ty: "Vec<T>", doc: crate::schema::doc_for_target("doc = \" The items\"") },
        crate::schema::FieldSchema {
            name: "total_count",
            ty: "i64",
            doc: crate::schema::doc_for_target("doc = \" The total number of items\""),
        },
        crate::schema::FieldSchema {
            name: "total_pages",
            ty: "i64",
            doc: crate::schema::doc_for_target("doc = \" The total number of pages\""),
        },
        crate::schema::FieldSchema {
            name: "has_more_pages",
            ty: "bool",
            doc: crate::schema::doc_for_target("doc = \" Are there more pages of items? Used with simplified paging\""),
        },
    ];
}
