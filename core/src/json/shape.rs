//! See the module documentation of `json`. (Being written.)
