//! Numeric codes: JSON-RPC (EIP-1474), wallet provider (EIP-1193) and Solidity
//! panic codes, with what each means in practice.

/// One known code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    pub code: i64,
    pub name: &'static str,
    pub meaning: &'static str,
}

const RPC_CODES: &[Code] = &[
    Code {
        code: -32700,
        name: "Parse error",
        meaning: "the node could not parse the request as JSON",
    },
    Code {
        code: -32600,
        name: "Invalid request",
        meaning: "the JSON is not a valid JSON-RPC request (batches may be unsupported)",
    },
    Code {
        code: -32601,
        name: "Method not found",
        meaning: "the node does not have this method or does not expose it (e.g. debug_* on public RPCs)",
    },
    Code {
        code: -32602,
        name: "Invalid params",
        meaning: "wrong number or type of parameters",
    },
    Code {
        code: -32603,
        name: "Internal error",
        meaning: "the node failed internally while handling the request",
    },
    Code {
        code: -32000,
        name: "Invalid input",
        meaning: "missing or invalid parameters; geth also uses it for 'execution reverted', 'insufficient funds', 'nonce too low' and 'header not found'",
    },
    Code {
        code: -32001,
        name: "Resource not found",
        meaning: "the requested block, transaction or state is not available (pruned or not yet seen)",
    },
    Code {
        code: -32002,
        name: "Resource unavailable",
        meaning: "the resource is temporarily unavailable (node still syncing?)",
    },
    Code {
        code: -32003,
        name: "Transaction rejected",
        meaning: "the transaction was rejected (bad nonce, too low fee, ...)",
    },
    Code {
        code: -32004,
        name: "Method not supported",
        meaning: "the method is known but not implemented by this node",
    },
    Code {
        code: -32005,
        name: "Limit exceeded",
        meaning: "a request limit was exceeded: rate limit, block range of eth_getLogs or response size",
    },
    Code {
        code: -32006,
        name: "JSON-RPC version not supported",
        meaning: "the node does not support this JSON-RPC version",
    },
    Code {
        code: 3,
        name: "Execution reverted",
        meaning: "the call reverted; the error's data holds the revert reason (geth and most clients)",
    },
];

const PROVIDER_CODES: &[Code] = &[
    Code {
        code: 4001,
        name: "User Rejected Request",
        meaning: "the user rejected the request in the wallet",
    },
    Code {
        code: 4100,
        name: "Unauthorized",
        meaning: "the dApp is not authorized for this account or method: connect the account first (eth_requestAccounts)",
    },
    Code {
        code: 4200,
        name: "Unsupported Method",
        meaning: "the wallet does not support this method",
    },
    Code {
        code: 4900,
        name: "Disconnected",
        meaning: "the wallet is disconnected from all chains",
    },
    Code {
        code: 4901,
        name: "Chain Disconnected",
        meaning: "the wallet is not connected to the requested chain",
    },
    Code {
        code: 4902,
        name: "Unrecognized chain",
        meaning: "the wallet does not know this chain ID: add it with wallet_addEthereumChain (EIP-3085) first",
    },
];

const PANIC_CODES: &[(u64, &str)] = &[
    (0x00, "generic compiler-inserted panic"),
    (0x01, "assert(false): an assertion failed"),
    (
        0x11,
        "arithmetic overflow or underflow outside an unchecked block",
    ),
    (0x12, "division or modulo by zero"),
    (0x21, "conversion to an enum from an out-of-range value"),
    (0x22, "access to an incorrectly encoded storage byte array"),
    (0x31, "pop() on an empty array"),
    (0x32, "array index out of bounds"),
    (0x41, "too much memory allocated, or an array too large"),
    (
        0x51,
        "call to a zero-initialized internal function variable",
    ),
];

/// An EIP-1474 (or geth) JSON-RPC error code.
pub fn rpc_code(code: i64) -> Option<&'static Code> {
    RPC_CODES.iter().find(|c| c.code == code)
}

/// An EIP-1193 provider error code.
pub fn provider_code(code: i64) -> Option<&'static Code> {
    PROVIDER_CODES.iter().find(|c| c.code == code)
}

/// The meaning of a Solidity `Panic(uint256)` code.
pub fn panic_meaning(code: u64) -> Option<&'static str> {
    PANIC_CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, m)| *m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_code_is_known() {
        for c in [
            -32700, -32600, -32601, -32602, -32603, -32000, -32001, -32002, -32003, -32004, -32005,
            -32006,
        ] {
            assert!(rpc_code(c).is_some(), "{c}");
        }
        for c in [4001, 4100, 4200, 4900, 4901, 4902] {
            assert!(provider_code(c).is_some(), "{c}");
        }
        for c in [0x00, 0x01, 0x11, 0x12, 0x21, 0x22, 0x31, 0x32, 0x41, 0x51] {
            assert!(panic_meaning(c).is_some(), "{c:#x}");
        }
    }
}
