//! What the gathering steps saw, as plain data: the input of [`super::judge`].

use alloy::eips::BlockId;
use alloy::primitives::{Address, B256, Bytes, Selector, U256};
use serde::{Deserialize, Serialize};

use super::proxy::ProxyInfo;
use super::trace::{KeyedRead, TraceAnalysis};
use crate::engine::Engine;
use crate::rpc::block::BlockSummary;

/// A step that was skipped, degraded or worth mentioning, as plain data; the
/// judge turns it into evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// The step: `proxy`, `probe`, `simulation`, `trace`, `counterfactual`, ...
    pub step: String,
    pub detail: String,
}

impl Note {
    /// A note on `step`.
    pub fn new(step: &str, detail: impl Into<String>) -> Self {
        Self {
            step: step.to_owned(),
            detail: detail.into(),
        }
    }
}

/// A function found in the contract's bytecode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundFunction {
    pub selector: Selector,
    /// Signature from the built-in table or `--abi`, when known.
    pub signature: Option<String>,
    /// `view`/`pure` per evmole, when it could tell.
    pub view: Option<bool>,
}

impl FoundFunction {
    /// Selectors and mutability from the bytecode (evmole), named from the tables.
    pub fn all_in(code: &[u8], decoder: &crate::explain::Decoder) -> Vec<Self> {
        let info = evmole::contract_info(
            evmole::ContractInfoArgs::new(code)
                .with_selectors()
                .with_state_mutability(),
        );
        let mut out: Vec<Self> = info
            .functions
            .unwrap_or_default()
            .into_iter()
            .map(|f| {
                let selector = Selector::from(f.selector);
                Self {
                    selector,
                    signature: decoder.function_signature(selector),
                    view: f.state_mutability.map(|m| {
                        matches!(
                            m,
                            alloy::dyn_abi::parser::StateMutability::View
                                | alloy::dyn_abi::parser::StateMutability::Pure
                        )
                    }),
                }
            })
            .collect();
        out.sort_by_key(|f| f.signature.is_none());
        out
    }
}

/// Another contract whose storage decided the call (an ACL manager, a role
/// authority): its functions, read to say how it grants what it keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Authority {
    pub address: Address,
    pub functions: Vec<FoundFunction>,
}

/// What is known about the contract, whoever asks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetObservation {
    pub contract: Address,
    pub chain_id: u64,
    /// The pinned block every read and simulation used.
    pub block: u64,
    pub block_hash: B256,
    /// How later requests name the pinned block (the hash when `--block` gave one).
    pub block_id: BlockId,
    /// The pinned block's header (the local EVM's block environment).
    pub header: BlockSummary,
    pub code_size: usize,
    /// Code read at the pinned block (the target's, its implementation's),
    /// handed to the local EVM so that it is not read again.
    #[serde(skip)]
    pub codes: Vec<(Address, Bytes)>,
    pub proxy: Option<ProxyInfo>,
    pub functions: Vec<FoundFunction>,
    pub owner: Option<Address>,
    pub paused: Option<bool>,
    /// `(getter, root)` of an on-chain Merkle root.
    pub merkle_root: Option<(String, B256)>,
    /// Roles to ask `hasRole` about: `(role, name)`.
    pub roles: Vec<(B256, Option<String>)>,
    /// Who holds each role and which role administers it, as the contract's
    /// `RoleGranted`, `RoleRevoked` and `RoleAdminChanged` logs tell (empty
    /// where the logs could not be read).
    #[serde(default)]
    pub role_logs: RoleLogs,
    /// Steps that were skipped or unavailable, and other notes.
    pub notes: Vec<Note>,
}

impl TargetObservation {
    /// Whether the bytecode has this selector (true when selectors are unknown).
    pub fn has(&self, sel: Selector) -> bool {
        self.functions.is_empty() || self.functions.iter().any(|f| f.selector == sel)
    }
}

/// How the simulated call ended (the engine's own type).
pub use crate::engine::SimOutcome;

/// The simulated `--call`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Simulated {
    pub call: String,
    pub value: U256,
    /// Whether the address was funded by a state override.
    pub funded: bool,
    pub outcome: SimOutcome,
    /// Gas used by the call (from eth_estimateGas) when it succeeded.
    pub gas: Option<u64>,
}

/// A Merkle check of the address against `--merkle-tree` and the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MerkleCheck {
    pub root_file: B256,
    pub in_tree: bool,
    pub proof_valid: bool,
    pub leaves: usize,
}

/// The trace step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TraceStep {
    NotRun,
    Unavailable(String),
    Done(TraceAnalysis),
    /// Not traced: the call reverted exactly as `from`'s did, whose trace
    /// found the mapping; `read` is this address's entry in it.
    Derived {
        from: Address,
        read: KeyedRead,
    },
}

/// Which gate a counterfactual tested: the kind it names once it lets the call
/// through, with the numbers the trace gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Gate {
    /// The address's own entry in a mapping (an allowlist, or a role's
    /// membership when nested under a role).
    Entry,
    /// The owner slot.
    Owner,
    /// The caller compared with an address stored in `slot` of `account`:
    /// only `stored` may make the call.
    Authorized {
        account: Address,
        slot: B256,
        stored: Address,
    },
    /// An entry keyed by `subject` (the caller, or an address the call
    /// passes) in `list`'s storage that is set, and clearing it lets the call
    /// through: a deny list.
    Blocklisted {
        list: Address,
        subject: Address,
        slot: B256,
    },
    /// The paused flag.
    Paused,
    /// A sale window: the block's time against a stored start or end.
    NotOpen {
        opens_at: Option<u64>,
        closes_at: Option<u64>,
    },
    /// A deadline the call carries, past: the call passed until `expired_at`.
    Expired { expired_at: u64 },
    /// A sale window counted in blocks: the block's number against a stored
    /// first or last block.
    BlockWindow {
        opens_at_block: Option<u64>,
        closes_at_block: Option<u64>,
    },
    /// The value sent against what the contract asks.
    WrongPayment { expected: U256, sent: U256 },
    /// A per-wallet counter plus the quantity against a limit.
    LimitReached {
        limit: U256,
        /// This address's count (`None` where it was not this address's trace).
        used: Option<U256>,
        requested: U256,
    },
    /// A hash computed from the call (a Merkle proof walked up) against a
    /// stored root: the proof does not lead to the contract's root.
    MerkleRoot { root_onchain: B256, computed: B256 },
    /// The supply plus the quantity against a maximum.
    SoldOut {
        max_supply: U256,
        supply: U256,
        requested: U256,
    },
    /// A payment in a token: what another contract (the token) holds for the
    /// address, its allowance to the caller or its balance, against the
    /// amount the call moves.
    TokenShortfall {
        token: Address,
        have: U256,
        need: U256,
        /// An allowance (not keyed by the address alone), else a balance.
        allowance: bool,
        /// Whose allowance: the address it is nested under, where it is one.
        #[serde(default)]
        owner: Option<Address>,
    },
}

/// The change a counterfactual makes to the call or its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    /// Write `value` to `slot` of `account`.
    Slot {
        account: Address,
        slot: B256,
        value: B256,
    },
    /// Run at this block timestamp.
    Time(u64),
    /// Run at this block number.
    Block(u64),
    /// Send this value instead.
    Pay(U256),
    /// Ask for another quantity: the calldata word at `offset` set to `value`.
    Quantity { offset: u64, value: U256 },
}

/// A re-run of the call under a change that would let it through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counterfactual {
    /// What was changed, for people ("slot 0x… of 0x… set to 1").
    pub what: String,
    /// What it means ("access would be granted if …").
    pub meaning: String,
    pub change: Change,
    pub success: bool,
    /// The gate it tests.
    pub gate: Gate,
}

/// What is known about one address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddressObservation {
    pub address: Address,
    /// Allowlist getters of this address: `(signature, result)`.
    pub getters: Vec<(String, bool)>,
    /// `hasRole(role, address)` answers: `(role, name, held)`.
    pub roles: Vec<(B256, Option<String>, bool)>,
    pub balance: Option<U256>,
    pub gas_price: Option<U256>,
    /// Whether the address can send a transaction (no code, or an EIP-7702
    /// delegation): a contract pays no gas, only a value. Read only where the
    /// balance falls short; `None`: not read (judged as one that can).
    #[serde(default)]
    pub sends: Option<bool>,
    pub merkle: Option<MerkleCheck>,
    pub simulation: Option<Simulated>,
    pub trace: TraceStep,
    pub counterfactuals: Vec<Counterfactual>,
    /// The gate a successful counterfactual showed decided: this address's own,
    /// or (in a list) that of the address whose revert had the same shape.
    pub confirmed: Option<Gate>,
    /// The token a payment is in, where the confirmed gate is a token
    /// shortfall: its `symbol()` and `decimals()` as it answers them.
    #[serde(default)]
    pub token: Option<TokenMeta>,
    /// Where the confirmed gate's storage is another contract's: that
    /// contract's functions.
    #[serde(default)]
    pub authority: Option<Authority>,
    pub notes: Vec<Note>,
    /// Who executed this address's simulation and trace.
    pub engine: Engine,
}

impl AddressObservation {
    /// An empty observation of `address`.
    pub fn new(address: Address) -> Self {
        Self {
            address,
            getters: Vec::new(),
            roles: Vec::new(),
            balance: None,
            gas_price: None,
            sends: None,
            merkle: None,
            simulation: None,
            trace: TraceStep::NotRun,
            counterfactuals: Vec::new(),
            confirmed: None,
            token: None,
            authority: None,
            notes: Vec::new(),
            engine: Engine::Node,
        }
    }
}

/// An ERC-20's name for people: its symbol and decimals, where it answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenMeta {
    pub address: Address,
    pub symbol: Option<String>,
    pub decimals: Option<u8>,
}

impl TokenMeta {
    /// `10 CTOKL` (with its decimals), else the amount in base units and the
    /// token's address.
    pub fn amount(&self, units: U256) -> String {
        match (&self.symbol, self.decimals) {
            (Some(sym), Some(d)) => {
                let s = alloy::primitives::utils::format_units(units, d)
                    .unwrap_or_else(|_| units.to_string());
                let s = if s.contains('.') {
                    s.trim_end_matches('0').trim_end_matches('.').to_owned()
                } else {
                    s
                };
                format!("{s} {sym}")
            }
            _ => format!("{units} base units of {}", self.address),
        }
    }
}

/// What an AccessControl contract's logs say of its roles, in log order: the
/// accounts holding each role now (granted and not since revoked or
/// renounced), and each role's admin role where it was changed from the
/// default (`DEFAULT_ADMIN_ROLE`, zero).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleLogs {
    pub holders: std::collections::BTreeMap<B256, Vec<Address>>,
    pub admins: std::collections::BTreeMap<B256, B256>,
}

impl RoleLogs {
    /// A grant, revocation or admin change, in log order.
    pub fn apply(&mut self, event: RoleEvent) {
        match event {
            RoleEvent::Granted(role, who) => {
                let held = self.holders.entry(role).or_default();
                if !held.contains(&who) {
                    held.push(who);
                }
            }
            RoleEvent::Revoked(role, who) => {
                if let Some(held) = self.holders.get_mut(&role) {
                    held.retain(|h| *h != who);
                }
            }
            RoleEvent::AdminChanged(role, admin) => {
                self.admins.insert(role, admin);
            }
        }
    }

    /// The role that administers `role` (zero, `DEFAULT_ADMIN_ROLE`, unless
    /// changed).
    pub fn admin_of(&self, role: B256) -> B256 {
        self.admins.get(&role).copied().unwrap_or(B256::ZERO)
    }

    /// The accounts holding `role` now.
    pub fn holders_of(&self, role: B256) -> &[Address] {
        self.holders.get(&role).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// One role log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleEvent {
    Granted(B256, Address),
    Revoked(B256, Address),
    AdminChanged(B256, B256),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A token's amounts in its own units where it named itself, else base units.
    #[test]
    fn token_amounts_read_in_the_tokens_units() {
        let mut usdc = TokenMeta {
            address: Address::repeat_byte(0x70),
            symbol: Some("USDC".into()),
            decimals: Some(6),
        };
        assert_eq!(usdc.amount(U256::from(30_000_000u64)), "30 USDC");
        assert_eq!(usdc.amount(U256::from(1_500_000u64)), "1.5 USDC");
        usdc.symbol = None;
        assert!(
            usdc.amount(U256::from(7))
                .starts_with("7 base units of 0x7070")
        );
    }

    /// Holders follow grants and revocations in order; an admin change names
    /// the role that administers another.
    #[test]
    fn role_logs_follow_grants_revocations_and_admin_changes() {
        let (minter, admin_role) = (B256::repeat_byte(1), B256::repeat_byte(2));
        let (a, b) = (Address::repeat_byte(0xa), Address::repeat_byte(0xb));
        let mut logs = RoleLogs::default();
        for e in [
            RoleEvent::Granted(B256::ZERO, a),
            RoleEvent::Granted(minter, b),
            RoleEvent::Granted(minter, b),
            RoleEvent::Granted(admin_role, b),
            RoleEvent::Revoked(minter, b),
        ] {
            logs.apply(e);
        }
        assert_eq!(logs.admin_of(minter), B256::ZERO);
        assert_eq!(logs.holders_of(logs.admin_of(minter)), &[a]);
        assert!(logs.holders_of(minter).is_empty());
        logs.apply(RoleEvent::AdminChanged(minter, admin_role));
        assert_eq!(logs.holders_of(logs.admin_of(minter)), &[b]);
    }
}
