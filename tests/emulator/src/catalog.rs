//! The fixed world the emulator knows about: accounts, customers (with their hierarchy) and
//! endpoints. Seed sessions are generated over it; NewSession looks customers up in it.

use evovoice::CustomerBreadcrumb;

/// An account.
pub(crate) struct Account {
    pub id: &'static str,
    pub name: &'static str,
}

/// A customer, possibly under a parent customer.
pub(crate) struct Customer {
    pub id: &'static str,
    pub name: &'static str,
    pub account: &'static str,
    pub parent: Option<&'static str>,
}

/// An endpoint: a user (email) or a phone number.
pub(crate) struct Endpoint {
    pub id: &'static str,
    pub name: &'static str,
    pub account: &'static str,
    /// Email for users, E.164 number for phone numbers.
    pub address: &'static str,
    pub is_user: bool,
}

/// The dev user's account (every default user's sessions land here).
pub(crate) const DEV_ACCOUNT: &Account = &ACCOUNTS[0];

/// The accounts.
pub(crate) const ACCOUNTS: &[Account] = &[
    Account { id: "acc-dev", name: "Dev Account" },
    Account { id: "acc-acme", name: "Acme Health" },
    Account { id: "acc-northwind", name: "Northwind Logistics" },
    Account { id: "acc-globex", name: "Globex Retail" },
];

/// The customers (12, breadcrumbs of 1 to 3 levels).
pub(crate) const CUSTOMERS: &[Customer] = &[
    Customer { id: "cus-dev-sandbox", name: "Sandbox Customer", account: "acc-dev", parent: None },
    Customer { id: "cus-dev-sandbox-east", name: "East Region", account: "acc-dev", parent: Some("cus-dev-sandbox") },
    Customer { id: "cus-acme-clinics", name: "Acme Clinics", account: "acc-acme", parent: None },
    Customer { id: "cus-acme-boston", name: "Boston Clinic", account: "acc-acme", parent: Some("cus-acme-clinics") },
    Customer { id: "cus-acme-boston-peds", name: "Pediatrics", account: "acc-acme", parent: Some("cus-acme-boston") },
    Customer { id: "cus-acme-labs", name: "Acme Labs", account: "acc-acme", parent: None },
    Customer { id: "cus-nw-freight", name: "Freight Division", account: "acc-northwind", parent: None },
    Customer { id: "cus-nw-freight-west", name: "West Coast Hub", account: "acc-northwind", parent: Some("cus-nw-freight") },
    Customer { id: "cus-nw-retail", name: "Retail Partners", account: "acc-northwind", parent: None },
    Customer { id: "cus-globex-stores", name: "Globex Stores", account: "acc-globex", parent: None },
    Customer { id: "cus-globex-stores-tx", name: "Texas Stores", account: "acc-globex", parent: Some("cus-globex-stores") },
    Customer { id: "cus-globex-online", name: "Online Orders", account: "acc-globex", parent: None },
];

/// The endpoints (10: one main number and one to three users per account).
pub(crate) const ENDPOINTS: &[Endpoint] = &[
    Endpoint { id: "ep-dev-main", name: "Dev Main Line", account: "acc-dev", address: "+15555550100", is_user: false },
    Endpoint { id: "ep-dev-user", name: "Dev User", account: "acc-dev", address: "dev@evovoice.local", is_user: true },
    Endpoint { id: "ep-dev-sam", name: "Sam Rivera", account: "acc-dev", address: "sam@evovoice.local", is_user: true },
    Endpoint { id: "ep-acme-main", name: "Acme Front Desk", account: "acc-acme", address: "+15555550111", is_user: false },
    Endpoint { id: "ep-acme-alice", name: "Alice Johnson", account: "acc-acme", address: "alice@acme.example", is_user: true },
    Endpoint { id: "ep-nw-dispatch", name: "Dispatch Line", account: "acc-northwind", address: "+15555550122", is_user: false },
    Endpoint { id: "ep-nw-bob", name: "Bob Martinez", account: "acc-northwind", address: "bob@northwind.example", is_user: true },
    Endpoint { id: "ep-globex-support", name: "Support Hotline", account: "acc-globex", address: "+15555550133", is_user: false },
    Endpoint { id: "ep-globex-carol", name: "Carol Nguyen", account: "acc-globex", address: "carol@globex.example", is_user: true },
    Endpoint { id: "ep-globex-dave", name: "Dave Okafor", account: "acc-globex", address: "dave@globex.example", is_user: true },
];

/// A customer by id.
pub(crate) fn customer(id: &str) -> Option<&'static Customer> {
    CUSTOMERS.iter().find(|c| c.id == id)
}

/// A user endpoint by email (case-insensitive).
pub(crate) fn user_endpoint(email: &str) -> Option<&'static Endpoint> {
    ENDPOINTS.iter().find(|e| e.is_user && e.address.eq_ignore_ascii_case(email))
}

/// The breadcrumb of a customer: root first, the customer itself last.
pub(crate) fn breadcrumb(c: &Customer) -> Vec<CustomerBreadcrumb> {
    let mut chain = vec![c];
    let mut cur = c;
    while let Some(parent) = cur.parent.and_then(customer) {
        chain.push(parent);
        cur = parent;
        if chain.len() > 8 {
            break;
        }
    }
    chain
        .iter()
        .rev()
        .map(|c| with_fields!(CustomerBreadcrumb { id: Some(c.id.into()), name: Some(c.name.into()) }))
        .collect()
}
