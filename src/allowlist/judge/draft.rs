//! A reason while it is judged: its typed fields, its own words, and the
//! revert's words quoted beside them, kept apart until [`Draft::message`]
//! composes the one sentence the report carries.

use crate::allowlist::report::{Reason, ReasonFields, ReasonKind};

/// What a reason says first.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Head {
    /// Its own words.
    Words(String),
    /// Only that the contract's own revert named the gate: storage evidence,
    /// where it confirms the gate, or the signers the trace found, take its place.
    NamedByRevert,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Draft {
    pub fields: ReasonFields,
    pub head: Head,
    /// What the revert (or the reason the evidence replaced) said, quoted after the head.
    pub said: Option<String>,
    pub remedy: Option<String>,
}

impl Draft {
    pub fn of(fields: ReasonFields, words: impl Into<String>) -> Self {
        Self {
            fields,
            head: Head::Words(words.into()),
            said: None,
            remedy: None,
        }
    }

    /// A reason of `kind` with none of its fields known.
    pub fn new(kind: ReasonKind, words: impl Into<String>) -> Self {
        Self::of(ReasonFields::bare(kind), words)
    }

    pub fn remedy(self, remedy: impl Into<String>) -> Self {
        Self {
            remedy: Some(remedy.into()),
            ..self
        }
    }

    /// Quoting what the revert said.
    pub fn said(self, said: impl Into<String>) -> Self {
        Self {
            said: Some(said.into()),
            ..self
        }
    }

    pub fn kind(&self) -> ReasonKind {
        self.fields.kind()
    }

    /// Its own words, without the quote.
    pub fn words(&self) -> &str {
        match &self.head {
            Head::Words(w) => w,
            Head::NamedByRevert => "the contract's own revert names this gate",
        }
    }

    /// Adds to its own words (`…, or ROLE: either lets the call through`).
    pub fn extend_words(self, more: &str) -> Self {
        let words = format!("{}{more}", self.words());
        Self {
            head: Head::Words(words),
            ..self
        }
    }

    /// The same gate, which storage evidence confirms: the evidence's numbers
    /// (and the remedy they give) are the storage's, and stand. A revert
    /// quoted beside its own words gives way to the evidence's words; other
    /// words (the revert's own, the tree file's) stay.
    pub fn confirm(&mut self, evidence: Draft) {
        if self.said.is_some() {
            self.head = evidence.head;
        }
        self.fields.overlay(evidence.fields);
        if evidence.remedy.is_some() {
            self.remedy = evidence.remedy;
        }
    }

    /// The sentence: its words, then what the revert said.
    pub fn message(&self) -> String {
        match &self.said {
            Some(said) => format!("{} (the revert said: {said})", self.words()),
            None => self.words().to_owned(),
        }
    }

    /// The report's reason, with `remedy` where it carries none of its own.
    pub fn finish(self, remedy: impl FnOnce(&ReasonFields) -> String) -> Reason {
        let message = self.message();
        let remedy = self.remedy.unwrap_or_else(|| remedy(&self.fields));
        Reason::of(self.fields, message).remedy(remedy)
    }
}
