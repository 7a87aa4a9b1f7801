//! Paging over `ListResponse`: which page to ask for next, as a pure function.
//!
//! Pages are 0-based and hold 25 items unless `countPerPage` says otherwise (Evo Voice's own
//! documentation). The walk ends at an empty page; otherwise positive `totalPages` /
//! `totalCount` decide, then `hasMorePages`, then a short page.

use crate::json::Value;
use crate::models::ListResponse;
use crate::operations::ListOperation;

/// Items per page when the request does not say.
pub const DEFAULT_COUNT_PER_PAGE: i32 = 25;

/// What a list request asks about paging.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PageRequest {
    /// `page` (0-based).
    pub page: Option<i32>,
    /// `countPerPage`.
    pub count_per_page: Option<i32>,
    /// `all`.
    pub all: Option<bool>,
    /// `simplifiedPaging`.
    pub simplified_paging: Option<bool>,
}

/// What a page says about what follows: its number of items and the envelope's counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PageAnswer {
    /// How many items the page holds.
    pub items: usize,
    /// `totalCount`.
    pub total_count: Option<i64>,
    /// `totalPages`.
    pub total_pages: Option<i64>,
    /// `hasMorePages`.
    pub has_more_pages: Option<bool>,
}

impl From<crate::json::transcode::PageFacts> for PageAnswer {
    fn from(f: crate::json::transcode::PageFacts) -> Self {
        Self { items: f.items, total_count: f.total_count, total_pages: f.total_pages, has_more_pages: f.has_more_pages }
    }
}

/// The number of the page after the one `request` asked for and `page` answered; `None` at
/// the end.
pub fn next_page_number(request: PageRequest, page: PageAnswer) -> Option<i32> {
    if request.all == Some(true) || page.items == 0 {
        return None;
    }
    let current = i64::from(request.page.unwrap_or(0).max(0));
    let per_page = i64::from(request.count_per_page.filter(|n| *n > 0).unwrap_or(DEFAULT_COUNT_PER_PAGE));
    let more = if request.simplified_paging == Some(true) {
        page.has_more_pages != Some(false)
    } else if let Some(total_pages) = page.total_pages.filter(|n| *n > 0) {
        current + 1 < total_pages
    } else if let Some(total_count) = page.total_count.filter(|n| *n > 0) {
        (current + 1) * per_page < total_count
    } else if let Some(more) = page.has_more_pages {
        more
    } else {
        page.items as i64 >= per_page
    };
    more.then(|| i32::try_from(current + 1).ok()).flatten()
}

/// The request for the page after `page`, which answered `request`; `None` at the end.
pub fn next_page<Op: ListOperation, T>(request: &Op, page: &ListResponse<T>) -> Option<Op> {
    let asked = request.page_request();
    let answer = PageAnswer {
        items: page.items().len(),
        total_count: page.total_count,
        total_pages: page.total_pages,
        has_more_pages: page.has_more_pages,
    };
    Some(request.with_page(next_page_number(asked, answer)?))
}

/// [`next_page`] for a list request held as a JSON object (already checked against
/// its schema, e.g. by [`crate::request::build_request_json`]'s rules): the same request with
/// `page` set to the next page, or `None` at the end.
pub fn next_page_json(request: &Value, page: PageAnswer) -> Option<Value> {
    let Value::Object(members) = request else { return None };
    let int = |name: &str| request.get(name).and_then(Value::as_i64).and_then(|n| i32::try_from(n).ok());
    let flag = |name: &str| request.get(name).and_then(Value::as_bool);
    let asked = PageRequest { page: int(PAGE), count_per_page: int("countPerPage"), all: flag("all"), simplified_paging: flag("simplifiedPaging") };
    let next = next_page_number(asked, page)?;
    let mut members: Vec<(String, Value)> = members.iter().filter(|(k, _)| k != PAGE).cloned().collect();
    members.push((PAGE.to_owned(), Value::Number(next.to_string())));
    Some(Value::Object(members))
}

/// The wire name of a page's items (`ListResponse.items`).
pub const ITEMS: &str = "items";

/// The field of a list request (ServiceStack's `ListRequest.SortField`) that names the item
/// field to sort by: its wire name, in any case (`dateCreated`). See
/// [`OperationInfo::sort_fields`](crate::OperationInfo::sort_fields).
pub const SORT_FIELD: &str = "sort_field";

/// The wire name of the page number.
const PAGE: &str = "page";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::ListSessions;

    fn page(n: usize, total_pages: Option<i64>, total_count: Option<i64>, more: Option<bool>) -> ListResponse<u8> {
        ListResponse { items: Some(vec![0; n]), total_count, total_pages, has_more_pages: more }
    }

    fn req(p: Option<i32>, per: Option<i32>, simplified: bool) -> ListSessions {
        ListSessions { page: p, count_per_page: per, simplified_paging: simplified.then_some(true), ..Default::default() }
    }

    #[test]
    fn json_requests_page_the_same_way() {
        let req = crate::json::parse(br#"{"countPerPage":2,"page":1,"accountIds":["a"]}"#).unwrap();
        let answer = PageAnswer { items: 2, total_count: Some(5), ..Default::default() };
        let next = next_page_json(&req, answer).unwrap();
        assert_eq!(next.to_json(), r#"{"countPerPage":2,"accountIds":["a"],"page":2}"#);
        assert_eq!(next_page_json(&next, answer), None, "page 2 of 2-per-page holds items 5..6: the last");
    }

    #[test]
    fn total_pages_decide() {
        assert_eq!(next_page(&req(None, Some(2), false), &page(2, Some(3), Some(5), Some(false))).unwrap().page, Some(1));
        assert!(next_page(&req(Some(2), Some(2), false), &page(1, Some(3), Some(5), Some(false))).is_none());
    }

    #[test]
    fn total_count_decides_without_pages() {
        assert!(next_page(&req(Some(0), Some(2), false), &page(2, None, Some(4), None)).is_some());
        assert!(next_page(&req(Some(1), Some(2), false), &page(2, None, Some(4), None)).is_none());
    }

    #[test]
    fn simplified_uses_has_more_pages() {
        assert!(next_page(&req(Some(0), Some(2), true), &page(2, Some(0), Some(0), Some(true))).is_some());
        assert!(next_page(&req(Some(0), Some(2), true), &page(2, None, None, Some(false))).is_none());
    }

    #[test]
    fn empty_page_and_all_end() {
        assert!(next_page(&req(Some(0), None, true), &page(0, None, None, Some(true))).is_none());
        let all = ListSessions { all: Some(true), ..Default::default() };
        assert!(next_page(&all, &page(30, Some(9), None, None)).is_none());
    }

    #[test]
    fn short_page_ends_when_nothing_else_is_known() {
        assert!(next_page(&req(None, None, false), &page(25, None, None, None)).is_some());
        assert!(next_page(&req(None, None, false), &page(24, None, None, None)).is_none());
    }
}
