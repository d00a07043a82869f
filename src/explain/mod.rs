//! `rpccheck explain` and the revert decoder every other command uses: revert
//! strings (named from the generated table, OpenZeppelin 4.x's access strings parsed),
//! panics, custom errors from the built-in table and `--abi`, bare selectors, and
//! JSON-RPC / EIP-1193 error codes. Pure and offline.

pub mod codes;
pub mod roles;
pub mod signatures;
pub mod strings;
pub mod tables;

use std::collections::HashMap;
use std::path::Path;

use alloy::dyn_abi::{DynSolValue, JsonAbiExt};
use alloy::json_abi::{Error as AbiError, Function, JsonAbi};
use alloy::primitives::{Address, B256, Selector, U256};
use alloy::sol_types::{Panic, Revert, SolError};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// What kind of thing was explained (CLI.md `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExplainKind {
    RevertString,
    Panic,
    CustomError,
    Selector,
    RpcErrorCode,
    ProviderErrorCode,
    Unknown,
}

/// A gate the contract's own error or revert string names, from the generated
/// tables' hint ([`tables::GateHint`]): a CLI.md reason kind, and the values
/// the error's arguments give for that kind's fields (`expired_at`, `role`,
/// …; none for a string, whose fields are expressions of its source).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NamedGate {
    pub kind: String,
    pub fields: Vec<(String, String)>,
    /// The account a role or owner gate refused, where the error names it
    /// (its first address argument).
    pub account: Option<Address>,
    /// Amounts are per unit (the parameter that carries them is named so:
    /// `expectedPricePerToken`).
    pub per_unit: bool,
}

impl NamedGate {
    /// The gate a custom error's generated hint names, with the values of its
    /// arguments for that kind's fields.
    fn of_error(
        hint: &tables::GateHint,
        params: &[String],
        values: &[DynSolValue],
        args: &[String],
    ) -> Self {
        let access = matches!(hint.kind.as_str(), "missing_role" | "not_owner");
        let amount_param = ["expected", "sent"]
            .iter()
            .filter_map(|f| hint.fields.get(*f))
            .next();
        Self {
            kind: hint.kind.clone(),
            fields: hint
                .fields
                .keys()
                .filter_map(|f| hint.arg(f, params, args).map(|v| (f.clone(), v.clone())))
                .collect(),
            account: values
                .iter()
                .find_map(|v| match v {
                    DynSolValue::Address(a) => Some(*a),
                    _ => None,
                })
                .filter(|_| access),
            per_unit: amount_param.is_some_and(|p| {
                let p = p.to_ascii_lowercase();
                p.contains("pertoken") || p.contains("perunit")
            }),
        }
    }

    /// The value of field `name`, as its argument was formatted.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(f, _)| f == name)
            .map(|(_, v)| v.as_str())
    }

    /// Words beside the error for a role or owner gate: "0x… lacks
    /// MINTER_ROLE", "0x… is not the owner".
    fn words(&self) -> Option<String> {
        let account = self.account?;
        match self.kind.as_str() {
            "missing_role" => {
                let role: B256 = self.field("role")?.parse().ok()?;
                let label = roles::label(role);
                Some(format!("{account} lacks {label}"))
            }
            "not_owner" => Some(format!("{account} is not the owner")),
            _ => None,
        }
    }
}

/// The result of `explain` (CLI.md fields), plus decoded parts for other commands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Explanation {
    pub kind: ExplainKind,
    pub name: Option<String>,
    pub args: Vec<String>,
    pub message: String,
    /// The 4-byte selector of revert data or of a selector input.
    #[serde(skip)]
    pub selector: Option<Selector>,
    /// The gate the generated tables say the error or string names.
    #[serde(skip)]
    pub gate: Option<NamedGate>,
}

impl Explanation {
    /// Exit status of `explain`: inconclusive (4) when nothing was recognised.
    pub fn exit_code(&self) -> crate::report::ExitStatus {
        if self.kind == ExplainKind::Unknown {
            crate::report::ExitStatus::Inconclusive
        } else {
            crate::report::ExitStatus::Passed
        }
    }

    fn new(kind: ExplainKind, name: Option<String>, args: Vec<String>, message: String) -> Self {
        Self {
            kind,
            name,
            args,
            message,
            selector: None,
            gate: None,
        }
    }
}

/// Decodes reverts and selectors with the built-in table plus user ABIs.
#[derive(Debug, Default, Clone)]
pub struct Decoder {
    user_errors: HashMap<Selector, Vec<AbiError>>,
    user_functions: HashMap<Selector, Vec<Function>>,
}

impl Decoder {
    /// A decoder with only the built-in table.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the errors and functions of an ABI (they win over built-ins).
    pub fn with_abi(mut self, abi: &JsonAbi) -> Self {
        for e in abi.errors() {
            self.user_errors
                .entry(e.selector())
                .or_default()
                .push(e.clone());
        }
        for f in abi.functions() {
            self.user_functions
                .entry(f.selector())
                .or_default()
                .push(f.clone());
        }
        self
    }

    /// The signature of a function selector, from `--abi` or the built-in table.
    pub fn function_signature(&self, sel: Selector) -> Option<String> {
        self.user_functions
            .get(&sel)
            .into_iter()
            .flatten()
            .chain(signatures::functions().get(&sel).into_iter().flatten())
            .next()
            .map(Function::signature)
    }

    /// Explains a command-line value: revert data, a selector or a code.
    pub fn explain_input(&self, value: &str) -> Result<Explanation> {
        let v = value.trim();
        if let Some(hex_part) = v.strip_prefix("0x").or_else(|| v.strip_prefix("0X")) {
            let bytes = hex::decode(hex_part)
                .map_err(|e| Error::input(format!("cannot read {v:?} as hex: {e}")))?;
            return Ok(if bytes.len() == 4 {
                self.explain_selector(Selector::from_slice(&bytes))
            } else {
                self.decode_revert(&bytes)
            });
        }
        if let Ok(code) = v.parse::<i64>() {
            return Ok(explain_code(code));
        }
        Err(Error::input_hint(
            format!("cannot explain {v:?}"),
            "expected revert data (0x…), a 4-byte selector (0x12345678) or an error code (-32601, 4001)",
        ))
    }

    /// Names a 4-byte selector: an error or a function.
    pub fn explain_selector(&self, sel: Selector) -> Explanation {
        let errors: Vec<(AbiError, &str, &str)> = self
            .candidates(sel)
            .into_iter()
            .map(|(e, o, m)| (e.clone(), o, m))
            .collect();
        let functions: Vec<&Function> = self
            .user_functions
            .get(&sel)
            .into_iter()
            .flatten()
            .chain(signatures::functions().get(&sel).into_iter().flatten())
            .collect();
        let mut names = Vec::new();
        let mut parts = Vec::new();
        for (e, origin, meaning) in &errors {
            let sig = format!("error {}", e.signature());
            if !names.contains(&sig) {
                parts.push(describe(&sig, origin, meaning));
                names.push(sig);
            }
        }
        for f in &functions {
            let sig = format!("function {}", f.signature());
            if !names.contains(&sig) {
                parts.push(sig.clone());
                names.push(sig);
            }
        }
        let mut out = if let Some(first) = errors.first() {
            Explanation::new(
                ExplainKind::Selector,
                Some(first.0.name.clone()),
                names.clone(),
                format!("{sel} is {}", parts.join("; or ")),
            )
        } else if let Some(f) = functions.first() {
            Explanation::new(
                ExplainKind::Selector,
                Some(f.name.clone()),
                names.clone(),
                format!("{sel} is {}", parts.join("; or ")),
            )
        } else {
            Explanation::new(
                ExplainKind::Unknown,
                None,
                vec![sel.to_string()],
                format!(
                    "unknown selector {sel}: not in the built-in table; pass --abi with the contract's ABI"
                ),
            )
        };
        out.selector = Some(sel);
        out
    }

    /// Decodes revert data as returned by `eth_call`.
    pub fn decode_revert(&self, data: &[u8]) -> Explanation {
        if data.is_empty() {
            return Explanation::new(
                ExplainKind::Unknown,
                None,
                vec![],
                "empty revert data: a bare revert(), a require() without a message, or a failed call that returned nothing (out of gas, invalid opcode)".into(),
            );
        }
        if data.len() < 4 {
            return Explanation::new(
                ExplainKind::Unknown,
                None,
                vec![format!("0x{}", hex::encode(data))],
                format!(
                    "{} bytes of revert data: too short to hold a selector",
                    data.len()
                ),
            );
        }
        let sel = Selector::from_slice(&data[..4]);
        let mut out = if sel == Revert::SELECTOR {
            match Revert::abi_decode(data) {
                Ok(r) => strings::explain_string(&r.reason),
                Err(_) => undecodable(sel, "Error(string)", data),
            }
        } else if sel == Panic::SELECTOR {
            match Panic::abi_decode(data) {
                Ok(p) => explain_panic(p.code),
                Err(_) => undecodable(sel, "Panic(uint256)", data),
            }
        } else {
            self.decode_custom(sel, data)
        };
        out.selector = Some(sel);
        out
    }

    fn decode_custom(&self, sel: Selector, data: &[u8]) -> Explanation {
        let candidates = self.candidates(sel);
        for (error, origin, meaning) in &candidates {
            let Ok(values) = error.abi_decode_input(&data[4..]) else {
                continue;
            };
            let args: Vec<String> = values.iter().map(format_value).collect();
            let params: Vec<String> = error.inputs.iter().map(|i| i.name.clone()).collect();
            let gate = tables::error_gate(&error.signature())
                .map(|hint| NamedGate::of_error(hint, &params, &values, &args));
            let mut message = describe(
                &format!("{}({})", error.name, args.join(", ")),
                origin,
                meaning,
            );
            if let Some(d) = gate.as_ref().and_then(NamedGate::words) {
                message.push_str(" — ");
                message.push_str(&d);
            }
            message.push_str(&collisions(sel, error, &candidates));
            let mut out = Explanation::new(
                ExplainKind::CustomError,
                Some(error.name.clone()),
                args,
                message,
            );
            out.gate = gate;
            return out;
        }
        match candidates.first() {
            Some((e, _, _)) => undecodable(sel, &e.signature(), data),
            None => {
                let words = words(&data[4..]);
                Explanation::new(
                    ExplainKind::Unknown,
                    None,
                    words.clone(),
                    format!(
                        "unknown custom error {sel} with {} argument word(s){}; pass --abi with the contract's ABI to name it",
                        words.len(),
                        if words.is_empty() {
                            String::new()
                        } else {
                            format!(": {}", words.join(" "))
                        }
                    ),
                )
            }
        }
    }

    /// User errors first, then built-ins (in signature order), with origin and meaning.
    fn candidates(&self, sel: Selector) -> Vec<(&AbiError, &str, &str)> {
        let mut out: Vec<(&AbiError, &str, &str)> = self
            .user_errors
            .get(&sel)
            .into_iter()
            .flatten()
            .map(|e| (e, "--abi", ""))
            .collect();
        for k in signatures::errors().get(&sel).into_iter().flatten() {
            match out
                .iter_mut()
                .find(|(e, _, _)| e.signature() == k.error.signature())
            {
                // Same error in the user's ABI: keep the built-in's explanation.
                Some(slot) => {
                    slot.1 = &k.origin;
                    slot.2 = &k.meaning;
                }
                None => out.push((&k.error, &k.origin, &k.meaning)),
            }
        }
        out
    }
}

/// The other signatures that share `sel` with the decoded `error` (a selector collision),
/// named so the reader can judge which one the contract meant.
fn collisions(sel: Selector, error: &AbiError, candidates: &[(&AbiError, &str, &str)]) -> String {
    let mut others: Vec<String> = Vec::new();
    for (e, origin, _) in candidates {
        let sig = e.signature();
        if sig != error.signature() && !others.iter().any(|o| o.starts_with(&sig)) {
            others.push(format!("{sig} ({origin})"));
        }
    }
    if others.is_empty() {
        String::new()
    } else {
        format!(
            " [collision: selector {sel} also names error {}; shown as {}, the first whose arguments decode (--abi first, then signature order)]",
            others.join(", and "),
            error.signature(),
        )
    }
}

/// Reads `--abi`: an ABI array, or a Foundry/Hardhat artifact with an `abi` key.
pub fn load_abi(path: &Path) -> Result<JsonAbi> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::input(format!("cannot read --abi {}: {e}", path.display())))?;
    parse_abi(&text).map_err(|why| Error::input(format!("--abi {}: {why}", path.display())))
}

/// Parses ABI JSON text (array, or object with `abi`).
pub fn parse_abi(text: &str) -> std::result::Result<JsonAbi, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not valid JSON ({e})"))?;
    let abi_value = match &value {
        serde_json::Value::Array(_) => value,
        serde_json::Value::Object(map) => match map.get("abi") {
            Some(serde_json::Value::String(s)) => serde_json::from_str(s)
                .map_err(|e| format!("the \"abi\" string is not valid JSON ({e})"))?,
            Some(v) => v.clone(),
            None => return Err("expected an ABI array or an artifact with an \"abi\" key".into()),
        },
        _ => return Err("expected an ABI array or an artifact with an \"abi\" key".into()),
    };
    serde_json::from_value(abi_value).map_err(|e| format!("not a valid ABI ({e})"))
}

/// Explains a JSON-RPC or EIP-1193 code.
pub fn explain_code(code: i64) -> Explanation {
    if let Some(c) = codes::rpc_code(code) {
        return Explanation::new(
            ExplainKind::RpcErrorCode,
            Some(c.name.into()),
            vec![],
            format!("JSON-RPC error {code} ({}): {}", c.name, c.meaning),
        );
    }
    if let Some(c) = codes::provider_code(code) {
        return Explanation::new(
            ExplainKind::ProviderErrorCode,
            Some(c.name.into()),
            vec![],
            format!("EIP-1193 provider error {code} ({}): {}", c.name, c.meaning),
        );
    }
    let range = if (-32099..=-32000).contains(&code) {
        " (in the server-error range -32099..-32000: its meaning is the node's own)"
    } else {
        ""
    };
    Explanation::new(
        ExplainKind::Unknown,
        None,
        vec![code.to_string()],
        format!("unknown error code {code}{range}"),
    )
}

fn explain_panic(code: U256) -> Explanation {
    let short: Option<u64> = code.try_into().ok();
    let meaning = short
        .and_then(codes::panic_meaning)
        .unwrap_or("unknown panic code");
    Explanation::new(
        ExplainKind::Panic,
        Some("Panic".into()),
        vec![format!("{code:#x}")],
        format!("Solidity panic {code:#04x}: {meaning}"),
    )
}

fn undecodable(sel: Selector, sig: &str, data: &[u8]) -> Explanation {
    Explanation::new(
        ExplainKind::Unknown,
        None,
        words(&data[4..]),
        format!(
            "selector {sel} is {sig}, but its arguments do not decode ({} bytes)",
            data.len() - 4
        ),
    )
}

fn describe(what: &str, origin: &str, meaning: &str) -> String {
    match (origin, meaning) {
        (_, "") if origin == "--abi" || origin == "built-in" => what.to_owned(),
        (o, "") => format!("{what} ({o})"),
        (o, m) => format!("{what}: {m} ({o})"),
    }
}

/// Formats a decoded value for people: checksummed addresses, decimal integers.
pub fn format_value(v: &DynSolValue) -> String {
    match v {
        DynSolValue::Address(a) => a.to_checksum(None),
        DynSolValue::Bool(b) => b.to_string(),
        DynSolValue::Uint(u, _) => u.to_string(),
        DynSolValue::Int(i, _) => i.to_string(),
        DynSolValue::FixedBytes(w, size) => format!("0x{}", hex::encode(&w[..*size])),
        DynSolValue::Bytes(b) => format!("0x{}", hex::encode(b)),
        DynSolValue::String(s) => s.clone(),
        DynSolValue::Function(f) => format!("0x{}", hex::encode(f.as_slice())),
        DynSolValue::Array(items) | DynSolValue::FixedArray(items) => {
            format!(
                "[{}]",
                items
                    .iter()
                    .map(format_value)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        DynSolValue::Tuple(items) => {
            format!(
                "({})",
                items
                    .iter()
                    .map(format_value)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    }
}

/// Splits data into 32-byte hex words (the last one may be short).
fn words(data: &[u8]) -> Vec<String> {
    data.chunks(32)
        .map(|w| format!("0x{}", hex::encode(w)))
        .collect()
}

#[cfg(test)]
mod tests;
