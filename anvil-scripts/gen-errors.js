#!/usr/bin/env node
// Generate rpccheck's built-in error and revert-string tables from the published sources
// and ABIs of widely deployed Solidity projects (the npm packages gen-errors.sh unpacks).
//
// Usage: node anvil-scripts/gen-errors.js SRC_DIR OUT_DIR ID=NAME@VERSION...
//   SRC_DIR/ID/ holds the unpacked package ID (its package.json names NAME@VERSION);
//   OUT_DIR gets errors.json, strings.json, roles.json (role ids declared as
//   `keccak256("…")` constants, by name and preimage), functions.json (every public and
//   external function's and public getter's canonical signature) and gates.txt.
//
// Each .sol file is parsed by solc-js (root package.json's pinned solc, parsing only: no
// imports resolved, no compiler-version check), and the AST is read for:
//   - `error Name(type a, ...)` declarations: canonical ABI signature (uint -> uint256,
//     contracts -> address, enums -> uint8, user value types -> their underlying type,
//     structs -> tuples), parameter names, the natspec above the declaration, and where the
//     project reverts with it (`revert Name(...)`, `Name.selector` passed to a revert helper,
//     `require(cond, Name(...))`) under which condition. A parameter type the sources do not
//     resolve is taken from the package's ABI JSON when that names the error once; otherwise
//     the error is skipped and counted.
//   - revert strings: `require(cond, "...")`, `revert("...")` and calls of a revert helper
//     such as Safe's `revertWithError("GS030")`, each with its contract, function, the
//     condition that must hold (an `if (c) revert(...)` is turned into its requirement), and
//     a meaning generated from that code: the condition read as words where it has a common
//     shape (the caller compared with an owner, a mapping or set keyed by the caller,
//     `hasRole`, `paused()`; other conditions are shown as code), the comment on the lines
//     above the statement, else the function's natspec.
// Nothing here is written per error or per string: every word of a meaning comes from the
// sources, or from the shapes above.
//
// Gates: each error, and each revert-string site, gets a `gate` hint (a CLI.md reason kind
// and where its fields are) where its name, natspec and parameter names (errors) or its
// condition and words (strings) name one; see "gates: the one vocabulary" below. Every hint
// is listed in OUT_DIR/gates.txt, and the counts per kind are printed.
//
// Each package's shipped ABI JSON (artifacts, abi/ folders) supplies the signature of an
// error whose types the sources leave unresolved, and cross-checks the others; signatures
// found there but not in the sources are listed under errors.json's "skipped".
//
// Output is deterministic: sorted, deduplicated (one entry per signature / string, sites
// merged across versions), one entry a line, trailing newline.
'use strict';

const fs = require('fs');
const path = require('path');
const { write } = require('./gen-lib');

const ROOT = path.resolve(__dirname, '..');

// What to read in each package, by the ID gen-errors.sh gives it. `sources`: directories
// holding the project's own contracts; `skip`: directories under them that hold copies of
// other projects or code that is not deployed.
const PROJECTS = {
  oz4: { label: 'OpenZeppelin v4', sources: ['.'], skip: ['vendor'] },
  oz5: { label: 'OpenZeppelin v5', sources: ['.'], skip: ['vendor'] },
  safe141: { label: 'Safe', sources: ['contracts'] },
  safe150: { label: 'Safe', sources: ['contracts'] },
  thirdweb: {
    label: 'thirdweb',
    sources: ['.'],
    // external-deps: thirdweb's copies of OpenZeppelin (covered by oz4); unaudited: not
    // among the deployed prebuilts.
    skip: ['external-deps', 'prebuilts/unaudited'],
  },
  zora: { label: 'Zora drops', sources: ['src'] },
  manifold: { label: 'Manifold', sources: ['contracts'], skipFiles: ['Migrations.sol'] },
  // Manifold's AdminControl (owner-or-admin gate of its creator contracts).
  manifoldlib: { label: 'Manifold', sources: ['contracts'], skipFiles: ['Migrations.sol'] },
  erc721a: { label: 'ERC721A', sources: ['contracts'] },
  solady: { label: 'Solady', sources: ['src'] },
  chainlink: { label: 'Chainlink', sources: ['src/v0.8/shared/access'] },
  // Uniswap publishes no package of Permit2 alone; v4-periphery's ships Permit2's
  // repository as lib/permit2.
  permit2: { label: 'Permit2', sources: ['lib/permit2/src'] },
  // Aave v3's pool, configurator, tokens and their logic libraries. Its revert reasons are
  // numeric codes, the string constants of its Errors library ('1' is
  // Errors.CALLER_NOT_POOL_ADMIN, whose comment says what it means): `codeLibraries` lists
  // such libraries, whose every code is kept, raised somewhere or not.
  aave: {
    label: 'Aave v3',
    sources: ['contracts'],
    skip: ['contracts/dependencies'],
    codeLibraries: ['Errors'],
  },
  univ2: { label: 'Uniswap v2', sources: ['contracts'] },
  // UNI, GovernorAlpha and Timelock: the package ships no .sol file, only solc's combined
  // JSON, whose ASTs are read (conditions are printed from the AST; no comments survive).
  unigov: { label: 'Uniswap governance', combinedJson: 'build/Combined-Json.json' },
  solmate: { label: 'Solmate', sources: ['src'] },
  // OpenSea's operator filter (registry and the OperatorFilterer its collections inherit).
  opensea: { label: 'OpenSea operator filter', sources: ['src'] },
  // Uniswap v3's published package holds its libraries and interfaces (the pool's own
  // sources are not in it): the libraries' codes ('T', 'TF', 'LO', ...).
  univ3: { label: 'Uniswap v3', sources: ['contracts'] },
};

// The rules of a package id: its project's key (`safe141`), or the key followed by a dot and
// the rest of the release's version (`oz5.1.0` is the key `oz5` at 5.1.0: one project read at
// several releases).
function rulesOf(id) {
  const key = Object.keys(PROJECTS)
    .filter((k) => id === k || id.startsWith(`${k}.`))
    .sort((a, b) => b.length - a.length)[0];
  return key ? PROJECTS[key] : null;
}

// Directories never read: tests, mocks, examples, build output.
const ALWAYS_SKIP = new Set([
  'test', 'tests', 'mocks', 'mock', 'testhelpers', 'examples', 'example', 'node_modules',
  'build', 'artifacts', 'dist', 'out', 'script', 'scripts', 'forge-std',
]);

const MAX_SITES = 3; // sites kept per error and package
const MAX_TEXT = 220; // longest condition or note kept

function die(msg) {
  console.error(`gen-errors.js: error: ${msg}`);
  process.exit(1);
}

let solc;
try {
  solc = require(path.join(ROOT, 'node_modules', 'solc'));
} catch (e) {
  die(`cannot load solc from ${ROOT}/node_modules (run anvil-scripts/install.sh): ${e.message}`);
}

// ---------------------------------------------------------------- files and parsing

function listFiles(dir, ext, skipDirs, base = dir) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    const rel = path.relative(base, p).split(path.sep).join('/');
    if (e.isDirectory()) {
      if (ALWAYS_SKIP.has(e.name) || skipDirs.includes(rel)) continue;
      out.push(...listFiles(p, ext, skipDirs, base));
    } else if (e.name.endsWith(ext)) {
      out.push(p);
    }
  }
  return out.sort();
}

// Parses one file; the version pragma is blanked (same length, so byte offsets hold). Where
// the current parser refuses an old file's inline assembly (Solidity 0.5's bare `chainid`),
// the assembly blocks' insides are blanked too (byte for byte) and the file parsed again: no
// revert reason this reads is in assembly that old.
function parse(text) {
  const content = text.replace(/pragma\s+solidity[^;]*;/g, (m) => ' '.repeat(m.length));
  return parseOnce(content) || parseOnce(blankAssembly(content));
}

function blankAssembly(text) {
  let out = text;
  const re = /\bassembly\s*(\(\s*"[^"]*"\s*\)\s*)?\{/g;
  let m;
  while ((m = re.exec(out))) {
    const open = m.index + m[0].length - 1;
    let depth = 0;
    let i = open;
    for (; i < out.length; i++) {
      if (out[i] === '{') depth += 1;
      else if (out[i] === '}' && --depth === 0) break;
    }
    out = out.slice(0, open + 1) + out.slice(open + 1, i).replace(/[^\n]/g, (c) => ' '.repeat(Buffer.byteLength(c))) + out.slice(i);
    re.lastIndex = i;
  }
  return out;
}

function parseOnce(content) {
  const input = {
    language: 'Solidity',
    sources: { f: { content } },
    settings: { stopAfter: 'parsing', outputSelection: { '*': { '': ['ast'] } } },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input)));
  const errs = (out.errors || []).filter((e) => e.severity === 'error');
  if (errs.length || !out.sources || !out.sources.f) return null;
  return out.sources.f.ast;
}

// ---------------------------------------------------------------- text helpers

const squash = (s) => s.replace(/\s+/g, ' ').trim();

function cap(s) {
  return s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1).trimEnd()}…` : s;
}

// First sentence of a natspec or comment text (the whole text when it has no full stop).
function sentence(s) {
  const t = squash(s).replace(/\b(e\.g|i\.e|etc|vs)\./g, (m) => m.replace(/\./g, '\u0000'));
  const m = t.match(/^(.+?[.!?])(\s|$)/);
  return cap(m && m[1].length >= 12 ? m[1] : t).replace(/\u0000/g, '.');
}

// The notice (or dev) text of a natspec block.
function natspec(doc) {
  const text = typeof doc === 'string' ? doc : doc && doc.text;
  if (!text) return '';
  const tags = {};
  let cur = 'notice';
  for (let line of text.split('\n')) {
    line = line.replace(/^\s*\*+\s?/, '').replace(/^\s*\/+\s?/, '');
    const m = line.match(/^\s*@([\w:-]+)\s*(.*)$/);
    if (m) {
      cur = m[1];
      line = m[2];
    }
    (tags[cur] = tags[cur] || []).push(line);
  }
  const pick = (k) => squash((tags[k] || []).join(' '));
  return pick('notice') || pick('dev');
}

// "MintZeroQuantity" -> "mint zero quantity"; "Access_OnlyAdmin" -> "access only admin".
function words(name) {
  return name
    .replace(/^[_$]+|[_$]+$/g, '')
    .replace(/^(s|i)_(?=[a-z])/, '')
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .trim();
}

// ---------------------------------------------------------------- one source file

class SourceFile {
  constructor(project, rel, text) {
    this.project = project;
    this.rel = rel;
    this.bytes = Buffer.from(text, 'utf8');
    this.ast = parse(text);
  }

  // Source text of an AST node (src is "start:length:file" in bytes).
  src(node) {
    const [start, len] = node.src.split(':').map(Number);
    return squash(this.bytes.subarray(start, start + len).toString('utf8'));
  }

  // The `//` comment that ends a node's line (`X = '1'; // 'what 1 means'`), quotes left out.
  commentAfter(node) {
    const [start, len] = node.src.split(':').map(Number);
    const rest = this.bytes.subarray(start + len).toString('utf8').split('\n')[0];
    const m = rest.match(/^[^/]*\/\/+\s*(.*)$/);
    return m ? squash(m[1]).replace(/^(['"])(.*?)\1?$/, '$2').trim() : '';
  }

  // The `//` comment lines right above a node's line (lint directives left out).
  commentAbove(node) {
    const start = Number(node.src.split(':')[0]);
    const before = this.bytes.subarray(0, start).toString('utf8').split('\n');
    before.pop(); // the statement's own line
    const got = [];
    while (before.length) {
      const line = before.pop().trim();
      if (!line.startsWith('//')) break;
      const text = line.replace(/^\/+\s?/, '');
      if (/^(solhint|slither|forgefmt|prettier|eslint|cspell|@|-{3,}|=+$)/i.test(text)) continue;
      got.unshift(text.trim());
    }
    // Lines that start a new sentence without the last one ending get a full stop.
    return squash(
      got.reduce((acc, line) => {
        if (!acc) return line;
        const ends = /[.!?:;,(\-]$/.test(acc);
        return `${acc}${!ends && /^[A-Z]/.test(line) ? '.' : ''} ${line}`;
      }, ''),
    );
  }
}

// A file known only by its AST (solc's combined JSON, no source text): node text is printed
// from the AST, and no comment is known.
class AstFile extends SourceFile {
  constructor(project, rel, ast) {
    super(project, rel, '');
    this.ast = ast;
  }

  src(node) {
    return squash(printAst(node));
  }

  commentAfter() {
    return '';
  }

  commentAbove() {
    return '';
  }
}

// Solidity text of an expression node (parentheses are TupleExpressions in the AST, so none
// is added).
function printAst(n) {
  if (!n) return '';
  const p = printAst;
  switch (n.nodeType) {
    case 'Identifier':
      return n.name;
    case 'Literal':
      if (n.kind === 'string') return JSON.stringify(n.value);
      if (n.kind === 'hexString') return `hex"${n.hexValue}"`;
      return `${n.value}${n.subdenomination ? ` ${n.subdenomination}` : ''}`;
    case 'MemberAccess':
      return `${p(n.expression)}.${n.memberName}`;
    case 'IndexAccess':
      return `${p(n.baseExpression)}[${p(n.indexExpression)}]`;
    case 'FunctionCall':
      return `${p(n.expression)}(${(n.arguments || []).map(p).join(', ')})`;
    case 'BinaryOperation':
      return `${p(n.leftExpression)} ${n.operator} ${p(n.rightExpression)}`;
    case 'Assignment':
      return `${p(n.leftHandSide)} ${n.operator} ${p(n.rightHandSide)}`;
    case 'UnaryOperation': {
      const op = n.operator === 'delete' ? 'delete ' : n.operator;
      return n.prefix ? `${op}${p(n.subExpression)}` : `${p(n.subExpression)}${op}`;
    }
    case 'TupleExpression': {
      const xs = (n.components || []).map((c) => (c ? p(c) : '')).join(', ');
      return n.isInlineArray ? `[${xs}]` : `(${xs})`;
    }
    case 'Conditional':
      return `${p(n.condition)} ? ${p(n.trueExpression)} : ${p(n.falseExpression)}`;
    case 'ElementaryTypeNameExpression':
      return typeof n.typeName === 'string' ? n.typeName : p(n.typeName);
    case 'ElementaryTypeName':
      return n.name;
    case 'UserDefinedTypeName':
      return (n.pathNode && n.pathNode.name) || n.name;
    case 'NewExpression':
      return `new ${p(n.typeName)}`;
    default:
      return '…';
  }
}

// Walks an AST calling visit(node, ancestors).
function walk(node, visit, ancestors = []) {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, visit, ancestors);
    return;
  }
  if (!node || typeof node !== 'object') return;
  if (node.nodeType) visit(node, ancestors);
  ancestors.push(node);
  for (const k of Object.keys(node)) {
    const v = node[k];
    if (v && typeof v === 'object') walk(v, visit, ancestors);
  }
  ancestors.pop();
}

// ---------------------------------------------------------------- conditions as logic

const CMP = { '==': '!=', '!=': '==', '<': '>=', '>=': '<', '>': '<=', '<=': '>' };

function logic(node) {
  if (node.nodeType === 'TupleExpression' && node.components && node.components.length === 1) {
    return logic(node.components[0]);
  }
  if (node.nodeType === 'BinaryOperation') {
    if (node.operator === '&&' || node.operator === '||') {
      const t = node.operator === '&&' ? 'and' : 'or';
      const xs = [logic(node.leftExpression), logic(node.rightExpression)].flatMap((x) =>
        x.t === t ? x.xs : [x],
      );
      return { t, xs };
    }
    if (CMP[node.operator]) {
      return { t: 'cmp', op: node.operator, l: node.leftExpression, r: node.rightExpression };
    }
  }
  if (node.nodeType === 'UnaryOperation' && node.operator === '!') return neg(logic(node.subExpression));
  return { t: 'atom', n: node };
}

function neg(f) {
  switch (f.t) {
    case 'cmp':
      return { ...f, op: CMP[f.op] };
    case 'atom':
      return { t: 'not', n: f.n };
    case 'not':
      return { t: 'atom', n: f.n };
    case 'and':
      return { t: 'or', xs: f.xs.map(neg) };
    default:
      return { t: 'and', xs: f.xs.map(neg) };
  }
}

const SIMPLE = new Set(['Identifier', 'FunctionCall', 'IndexAccess', 'MemberAccess']);

function render(file, f) {
  switch (f.t) {
    case 'cmp':
      return `${file.src(f.l)} ${f.op} ${file.src(f.r)}`;
    case 'atom':
      return file.src(f.n);
    case 'not':
      return SIMPLE.has(f.n.nodeType) ? `!${file.src(f.n)}` : `!(${file.src(f.n)})`;
    case 'and':
      return f.xs.map((x) => (x.t === 'or' ? `(${render(file, x)})` : render(file, x))).join(' && ');
    default:
      return f.xs.map((x) => render(file, x)).join(' || ');
  }
}

// Who calls: msg.sender, _msgSender(), _msgSenderERC721A() ...
function isCaller(file, n) {
  return /^(msg\.sender|_?msgSender\w*\(\))$/.test(file.src(n));
}

function isZero(file, n) {
  return /^(address\(0\)|0|false|bytes32\(0\)|address\(0x0\))$/.test(file.src(n));
}

function calleeName(n) {
  if (!n || n.nodeType !== 'FunctionCall') return null;
  const e = n.expression;
  if (e.nodeType === 'Identifier') return e.name;
  if (e.nodeType === 'MemberAccess') return e.memberName;
  return null;
}

// "owner()" -> "the owner"; "s_pendingOwner" -> "the pending owner"; else `x`.
function noun(file, n) {
  const s = file.src(n);
  if (s === 'address(this)') return 'this contract itself';
  const m = s.match(/^([A-Za-z_$][\w$]*)(\(\))?$/);
  if (m) return `the ${words(m[1])}`;
  return `\`${s}\``;
}

function membership(file, base, yes) {
  const name = file.src(base);
  const w = words(name.split('.').pop());
  const plural = /^[a-z ]*[a-z]s$/.test(w) && !/ss$/.test(w);
  if (plural) return `the caller must ${yes ? '' : 'not '}be one of the ${w}`;
  return `the caller must ${yes ? '' : 'not '}be listed in \`${name}\``;
}

function pausedCheck(file, n) {
  const name = n.nodeType === 'FunctionCall' ? calleeName(n) : n.nodeType === 'Identifier' ? n.name : null;
  return name && /^_?(is)?paused$/i.test(name);
}


// A requirement in words, where it has a common shape; null otherwise.
function humanize(file, f) {
  if (f.t === 'and' || f.t === 'or') {
    const parts = f.xs.map((x) => humanize(file, x));
    if (parts.some((p) => !p)) return null;
    return f.t === 'and' ? parts.join(', and ') : `either ${parts.join(', or ')}`;
  }
  if (f.t === 'cmp') {
    const [l, r] = [f.l, f.r];
    if (f.op === '==' || f.op === '!=') {
      const other = isCaller(file, l) ? r : isCaller(file, r) ? l : null;
      if (other && !isCaller(file, other)) {
        return `the caller must ${f.op === '==' ? '' : 'not '}be ${noun(file, other)}`;
      }
    }
    for (const [a, b] of [
      [l, r],
      [r, l],
    ]) {
      if (a.nodeType === 'IndexAccess' && a.indexExpression && isCaller(file, a.indexExpression)) {
        if (isZero(file, b) && (f.op === '!=' || f.op === '>' || f.op === '<')) {
          return membership(file, a.baseExpression, true);
        }
        if (isZero(file, b) && f.op === '==') return membership(file, a.baseExpression, false);
      }
    }
    // Any other comparison reads as well as code as it does in words: the condition
    // itself is shown beside the meaning.
    return null;
  }
  const yes = f.t === 'atom';
  const n = f.n;
  if (n.nodeType === 'IndexAccess' && n.indexExpression && isCaller(file, n.indexExpression)) {
    return membership(file, n.baseExpression, yes);
  }
  // An address set keyed by the caller: `_admins.contains(msg.sender)`.
  if (
    calleeName(n) === 'contains' && n.expression.nodeType === 'MemberAccess' &&
    n.arguments.length === 1 && isCaller(file, n.arguments[0])
  ) {
    return membership(file, n.expression.expression, yes);
  }
  if (calleeName(n) === 'hasRole' && n.arguments.length === 2) {
    const [role, who] = n.arguments;
    const subject = isCaller(file, who) ? 'the caller' : `\`${file.src(who)}\``;
    return `${subject} must ${yes ? '' : 'not '}have ${file.src(role)}`;
  }
  if (pausedCheck(file, n)) return `the contract must ${yes ? '' : 'not '}be paused`;
  return null;
}

// ---------------------------------------------------------------- types

const ELEMENTARY = /^(address|bool|string|bytes([1-9]|[12][0-9]|3[0-2])?|u?int(8|16|24|32|40|48|56|64|72|80|88|96|104|112|120|128|136|144|152|160|168|176|184|192|200|208|216|224|232|240|248|256)?|function)$/;

function elementary(name) {
  if (name === 'uint') return 'uint256';
  if (name === 'int') return 'int256';
  if (name === 'byte') return 'bytes1';
  if (name === 'address payable') return 'address';
  return ELEMENTARY.test(name) ? name : null;
}

// The type definitions of one project, to canonicalize parameter types.
class Types {
  constructor() {
    this.defs = new Map(); // name -> [{kind, scope, node, file}]
  }

  add(name, def) {
    if (!this.defs.has(name)) this.defs.set(name, []);
    this.defs.get(name).push(def);
  }

  collect(file) {
    const visit = (node, anc) => {
      const contract = anc.filter((a) => a.nodeType === 'ContractDefinition').pop();
      const scope = contract ? contract.name : '';
      switch (node.nodeType) {
        case 'ContractDefinition':
          this.add(node.name, { kind: 'contract', scope: '', node, file });
          break;
        case 'StructDefinition':
        case 'EnumDefinition':
        case 'UserDefinedValueTypeDefinition':
          this.add(node.name, { kind: node.nodeType, scope, node, file });
          break;
        default:
      }
    };
    walk(file.ast, visit);
  }

  // Canonical ABI type of a type-name node seen in `scope`, or null.
  canon(t, scope, file, seen = new Set()) {
    switch (t.nodeType) {
      case 'ElementaryTypeName': {
        const name = t.name === 'address' && t.stateMutability === 'payable' ? 'address' : t.name;
        return elementary(name);
      }
      case 'ArrayTypeName': {
        const base = this.canon(t.baseType, scope, file, seen);
        if (!base) return null;
        if (!t.length) return `${base}[]`;
        if (t.length.nodeType === 'Literal' && /^\d+$/.test(t.length.value)) return `${base}[${t.length.value}]`;
        return null;
      }
      case 'FunctionTypeName':
        return 'function';
      case 'UserDefinedTypeName': {
        const name = (t.pathNode && t.pathNode.name) || t.name;
        return this.resolve(name, scope, file, seen);
      }
      default:
        return null;
    }
  }

  resolve(name, scope, file, seen) {
    const parts = name.split('.');
    const last = parts[parts.length - 1];
    let cands = this.defs.get(last) || [];
    if (parts.length > 1) {
      const q = parts[parts.length - 2];
      const scoped = cands.filter((d) => d.scope === q);
      cands = scoped.length ? scoped : cands.filter((d) => d.kind === 'contract');
    } else {
      const local = cands.filter((d) => d.scope === scope && d.file === file);
      const fileLevel = cands.filter((d) => d.scope === '' && d.file === file);
      if (local.length) cands = local;
      else if (fileLevel.length) cands = fileLevel;
    }
    if (!cands.length) return null;
    const forms = new Set(cands.map((d) => this.defCanon(d, seen)));
    return forms.size === 1 ? [...forms][0] : null;
  }

  defCanon(d, seen) {
    switch (d.kind) {
      case 'contract':
        return 'address';
      case 'EnumDefinition':
        return d.node.members.length <= 256 ? 'uint8' : 'uint16';
      case 'UserDefinedValueTypeDefinition':
        return this.canon(d.node.underlyingType, d.scope, d.file, seen);
      default: {
        const key = `${d.file.rel}:${d.scope}.${d.node.name}`;
        if (seen.has(key)) return null;
        const inner = new Set(seen).add(key);
        const ms = d.node.members.map((m) => this.canon(m.typeName, d.scope, d.file, inner));
        return ms.some((m) => !m) ? null : `(${ms.join(',')})`;
      }
    }
  }
}

// ---------------------------------------------------------------- ABIs

function abiType(p) {
  if (p.type.startsWith('tuple')) {
    return `(${(p.components || []).map(abiType).join(',')})${p.type.slice('tuple'.length)}`;
  }
  return p.type;
}

// name -> Set(signature) of every error in the ABI JSON files given.
function abiErrors(files) {
  const byName = new Map();
  for (const f of files) {
    let json;
    try {
      json = JSON.parse(fs.readFileSync(f, 'utf8'));
    } catch {
      continue;
    }
    const abi = Array.isArray(json) ? json : json && Array.isArray(json.abi) ? json.abi : null;
    if (!abi) continue;
    for (const item of abi) {
      if (!item || item.type !== 'error' || typeof item.name !== 'string') continue;
      const sig = `${item.name}(${(item.inputs || []).map(abiType).join(',')})`;
      const names = (item.inputs || []).map((i) => i.name || '');
      if (!byName.has(item.name)) byName.set(item.name, new Map());
      byName.get(item.name).set(sig, { names, file: path.basename(f, '.json') });
    }
  }
  return byName;
}

// ---------------------------------------------------------------- one project

function readProject(id, dir, stats) {
  const rules = rulesOf(id);
  const skip = rules.skip || [];
  const files = [];
  if (rules.combinedJson) {
    const combined = JSON.parse(fs.readFileSync(path.join(dir, rules.combinedJson), 'utf8'));
    for (const rel of Object.keys(combined.sources || {}).sort()) {
      const ast = combined.sources[rel].AST || combined.sources[rel].ast;
      if (!ast || [...ALWAYS_SKIP].some((d) => rel.split('/').includes(d))) continue;
      files.push(new AstFile(id, rel, ast));
    }
  }
  for (const s of rules.sources || []) {
    for (const f of listFiles(path.join(dir, s), '.sol', skip.map((x) => path.relative(s, x)))) {
      if ((rules.skipFiles || []).includes(path.basename(f))) continue;
      const file = new SourceFile(id, path.relative(dir, f), fs.readFileSync(f, 'utf8'));
      if (!file.ast) {
        stats.unparsed.push(`${id}:${file.rel}`);
        continue;
      }
      files.push(file);
    }
  }
  const types = new Types();
  for (const f of files) types.collect(f);

  // String constants, for `require(cond, SOME_MESSAGE)` and `require(cond, Errors.CODE)`:
  // by name and by `Contract.NAME`, each with what its comment or natspec says.
  const constants = new Map();
  const codes = []; // the constants of rules.codeLibraries, in source order
  for (const f of files) {
    walk(f.ast, (n, anc) => {
      if (n.nodeType === 'VariableDeclaration' && n.constant && n.value && n.value.nodeType === 'Literal') {
        const s = literal(n.value);
        if (s === null) return;
        const contract = anc.filter((a) => a.nodeType === 'ContractDefinition').pop();
        const scope = contract ? contract.name : '';
        const note = f.commentAfter(n) || natspec(n.documentation);
        const c = { value: s, scope, name: n.name, note: note ? cap(note) : '' };
        constants.set(n.name, c);
        if (scope) constants.set(`${scope}.${n.name}`, c);
        if ((rules.codeLibraries || []).includes(scope)) codes.push(c);
      }
    });
  }

  // Functions anyone can call, by canonical signature (the selector is computed by who
  // reads the table): public and external functions, and the getters of public state
  // variables (a mapping's keys and an array's index as their parameters).
  const functions = new Set();
  for (const f of files) {
    walk(f.ast, (n, anc) => {
      const contract = anc.filter((a) => a.nodeType === 'ContractDefinition').pop();
      const scope = contract ? contract.name : '';
      if (n.nodeType === 'FunctionDefinition') {
        if (n.kind !== 'function' || !n.name || !['public', 'external'].includes(n.visibility)) return;
        const ts = n.parameters.parameters.map((p) => types.canon(p.typeName, scope, f));
        if (ts.every(Boolean)) functions.add(`${n.name}(${ts.join(',')})`);
        return;
      }
      if (n.nodeType !== 'VariableDeclaration' || !n.stateVariable || n.visibility !== 'public' || !n.name) return;
      const keys = [];
      let t = n.typeName;
      while (t && (t.nodeType === 'Mapping' || t.nodeType === 'ArrayTypeName')) {
        if (t.nodeType === 'Mapping') {
          const k = types.canon(t.keyType, scope, f);
          if (!k) return;
          keys.push(k);
          t = t.valueType;
        } else {
          keys.push('uint256');
          t = t.baseType;
        }
      }
      functions.add(`${n.name}(${keys.join(',')})`);
    });
  }

  // Role ids: `bytes32 constant X_ROLE = keccak256("…")`, by name and preimage (the hash
  // is computed by who reads the table), so that a role reads as its name.
  const roles = [];
  for (const f of files) {
    walk(f.ast, (n) => {
      if (n.nodeType !== 'VariableDeclaration' || !n.constant || !/ROLE/.test(n.name || '')) return;
      const v = n.value;
      if (!v || v.nodeType !== 'FunctionCall' || calleeName(v) !== 'keccak256') return;
      const args = v.arguments || [];
      const preimage = args.length === 1 ? literal(args[0]) : null;
      if (preimage !== null) roles.push({ name: n.name, preimage });
    });
  }

  const errors = []; // {name, sig, params, contract, meaning, key}
  const errorSites = new Map(); // error name -> [{contract, function, when}]
  const strings = []; // {string, contract, function, condition, meaning}

  // The package's shipped ABIs (artifacts, abi/ folders): read once, on first use.
  let abiCache = null;
  const abi = () => (abiCache = abiCache || abiErrors(listAbiFiles(dir)));

  for (const file of files) {
    walk(file.ast, (node, anc) => {
      const contract = anc.filter((a) => a.nodeType === 'ContractDefinition').pop();
      const scope = contract ? contract.name : '';
      if (node.nodeType === 'ErrorDefinition') {
        const params = node.parameters.parameters;
        const types_ = params.map((p) => types.canon(p.typeName, scope, file));
        const names = params.map((p) => p.name || '');
        if (types_.some((t) => !t)) {
          // Ask the package's ABI, when it names this error once with this many inputs.
          const known = [...(abi().get(node.name) || new Map()).entries()].filter(
            ([, v]) => v.names.length === params.length,
          );
          if (known.length !== 1) {
            stats.skippedErrors.push(`${id}:${scope || file.rel}.${node.name}`);
            return;
          }
          errors.push(errorEntry(node, known[0][0], names, scope || path.basename(file.rel, '.sol')));
          return;
        }
        const sig = `${node.name}(${types_.join(',')})`;
        errors.push(errorEntry(node, sig, names, scope || path.basename(file.rel, '.sol')));
        return;
      }
      const fn = anc.filter((a) => a.nodeType === 'FunctionDefinition' || a.nodeType === 'ModifierDefinition').pop();
      if (!fn) return;
      const where = { contract: scope, function: functionName(fn), file, fn };
      if (node.nodeType === 'FunctionCall') {
        const name = calleeName(node);
        const args = node.arguments || [];
        if (name === 'require' && args.length >= 2 && node.expression.nodeType === 'Identifier') {
          const s = stringArg(args[1], constants);
          if (s) {
            strings.push(stringSite(where, s, logic(args[0]), anc, node, constantArg(args[1], constants)));
          } else if (args[1].nodeType === 'FunctionCall' && calleeName(args[1])) {
            addErrorSite(errorSites, calleeName(args[1]), where, neg(logic(args[0])), args[1].arguments);
          }
          return;
        }
        if (name && /^_?revert\w*$/i.test(name) && args.length === 1) {
          const s = stringArg(args[0], constants);
          if (s) {
            strings.push(
              stringSite(where, s, negIf(ifCondition(node, anc)), anc, node, constantArg(args[0], constants)),
            );
            return;
          }
          if (args[0].nodeType === 'MemberAccess' && args[0].memberName === 'selector') {
            const e = args[0].expression;
            const ename = e.nodeType === 'Identifier' ? e.name : e.memberName;
            addErrorSite(errorSites, ename, where, ifCondition(node, anc));
          }
        }
        return;
      }
      if (node.nodeType === 'RevertStatement' && node.errorCall) {
        const ename = calleeName(node.errorCall);
        if (ename) addErrorSite(errorSites, ename, where, ifCondition(node, anc), node.errorCall.arguments);
      }
    });
  }

  // A code library's codes that no site raises here are kept with their meaning, placed at
  // the constant (`Errors.CALLER_NOT_POOL_ADMIN`).
  for (const c of codes) {
    if (strings.some((x) => x.string === c.value)) continue;
    strings.push({ string: c.value, contract: c.scope, function: c.name, condition: null, meaning: c.note });
  }

  for (const e of errors) {
    e.sites = (errorSites.get(e.name) || []).slice(0, MAX_SITES);
  }

  // Cross-check with the ABIs the package ships: an error the sources declare should have
  // there one of the signatures read from the sources.
  const fromSources = new Map();
  for (const e of errors) {
    if (!fromSources.has(e.name)) fromSources.set(e.name, new Set());
    fromSources.get(e.name).add(e.sig);
  }
  for (const [name, sigs] of abi()) {
    if (!fromSources.has(name)) continue;
    for (const sig of sigs.keys()) {
      if (fromSources.get(name).has(sig)) stats.abiAgree += 1;
      else stats.abiDiffer.push(`${id}:${sig}`);
    }
  }

  return { errors, strings, roles, functions, files: files.length };
}

function listAbiFiles(dir) {
  // Artifacts and ABI files a package ships (build/ and abi/ directories included here).
  const out = [];
  const visit = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!['node_modules', 'test', 'mocks'].includes(e.name)) visit(p);
      } else if (e.name.endsWith('.json') && !e.name.endsWith('.dbg.json') && e.name !== 'package.json') {
        out.push(p);
      }
    }
  };
  visit(dir);
  return out.sort();
}

function literal(n) {
  if (n.nodeType !== 'Literal' || (n.kind !== 'string' && n.kind !== 'unicodeString')) return null;
  if (typeof n.hexValue === 'string') return Buffer.from(n.hexValue, 'hex').toString('utf8');
  return typeof n.value === 'string' ? n.value : null;
}

// The string a revert passes: a literal, or a string constant (by name, or `Lib.NAME`).
function stringArg(n, constants) {
  const s = literal(n);
  if (s !== null) return s;
  const c = constantArg(n, constants);
  return c ? c.value : null;
}

function constantArg(n, constants) {
  if (n.nodeType === 'Identifier') return constants.get(n.name) || null;
  if (n.nodeType === 'MemberAccess' && n.expression.nodeType === 'Identifier') {
    return constants.get(`${n.expression.name}.${n.memberName}`) || null;
  }
  return null;
}

function functionName(fn) {
  if (fn.nodeType === 'ModifierDefinition') return `modifier ${fn.name}`;
  if (fn.kind === 'constructor') return 'constructor';
  if (fn.kind === 'fallback' || fn.kind === 'receive') return fn.kind;
  return fn.name || fn.kind;
}

// The statement holding `node` (nearest statement ancestor, or node itself).
function statementOf(node, anc) {
  const all = [...anc, node];
  for (let i = all.length - 1; i >= 0; i--) {
    const t = all[i].nodeType;
    if (t === 'ExpressionStatement' || t === 'RevertStatement') return { stmt: all[i], i, all };
    if (t === 'Block' || t.endsWith('Definition')) break;
  }
  return null;
}

// The condition under which the statement holding `node` runs, as {cond, negated}: the
// `if` whose branch it is (directly, or as a statement of the branch's block).
function ifCondition(node, anc) {
  const found = statementOf(node, anc);
  if (!found) return null;
  const { stmt, i, all } = found;
  let child = stmt;
  let parent = all[i - 1];
  if (parent && parent.nodeType === 'Block') {
    child = parent;
    parent = all[i - 2];
  }
  if (!parent || parent.nodeType !== 'IfStatement') return null;
  if (parent.trueBody === child) return logic(parent.condition);
  if (parent.falseBody === child) return neg(logic(parent.condition));
  return null;
}

const negIf = (f) => (f ? neg(f) : null);

function addErrorSite(sites, name, where, when, args) {
  if (!name) return;
  if (!sites.has(name)) sites.set(name, []);
  const list = sites.get(name);
  const site = {
    contract: where.contract,
    function: where.function,
    when: when ? cap(render(where.file, when)) : null,
  };
  // What the condition says of access, for an error whose name leaves it open (`refine`).
  const g = conditionGate(where, when ? neg(when) : null);
  site._gate = g.t === 'gate' ? g.kind : null;
  // Which arguments the call itself states: a parameter of the function that raises it
  // passed as it came, or msg.value (where an argument came from, not what it is named).
  site._stated = args ? args.map((a) => statedByCall(a, where.fn)) : null;
  if (!list.some((s) => s.contract === site.contract && s.function === site.function)) list.push(site);
}

// Whether an error's argument is what the call states: a parameter of the function (or
// modifier) that raises it, passed as it came, or msg.value.
function statedByCall(arg, fn) {
  if (!arg) return false;
  if (arg.nodeType === 'MemberAccess' && arg.memberName === 'value') {
    return arg.expression.nodeType === 'Identifier' && arg.expression.name === 'msg';
  }
  if (arg.nodeType !== 'Identifier') return false;
  const params = (fn.parameters && fn.parameters.parameters) || [];
  return params.some((p) => p.name && p.name === arg.name);
}

function errorEntry(node, sig, params, contract) {
  const doc = natspec(node.documentation);
  return {
    name: node.name,
    sig,
    params,
    contract,
    meaning: doc ? cap(squash(doc)) : words(node.name),
  };
}

// A revert string's site: the requirement that failed (`condition`), and as `meaning` that
// requirement in words where it has a common shape, with the comment above the statement or
// else the function's natspec; a string passed as a constant with a comment is named first
// (`Errors.CALLER_NOT_POOL_ADMIN: The caller of the function is not a pool admin`).
function stringSite(where, s, requirement, anc, node, constant) {
  const { file, fn } = where;
  const found = statementOf(node, anc);
  const note = (found && file.commentAbove(found.stmt)) || natspec(fn.documentation);
  const human = requirement && humanize(file, requirement);
  const code = constant && constant.scope && constant.note ? `${constant.scope}.${constant.name}: ${constant.note}` : '';
  const g = stringGate(conditionGate(where, requirement), constant ? `${s} ${constant.name} ${constant.note}` : s);
  return {
    string: s,
    contract: where.contract,
    function: where.function,
    condition: requirement ? cap(render(file, requirement)) : null,
    meaning: [code, human, note && sentence(note)].filter(Boolean).join(' — '),
    ...(g ? { gate: { kind: g.kind, fields: g.fields }, _by: g.by } : {}),
  };
}

// ---------------------------------------------------------------- gates: the one vocabulary
//
// A generated error or revert-string site gets a `gate` hint where its name, natspec and
// parameter names (errors) or its guarding condition and words (strings) name a gate:
// `{"kind": K, "fields": {F: P}}`, K one of CLI.md's reason kinds, F one of that kind's
// CLI.md fields. For an error, P is the parameter that carries F (its name, or its index
// where unnamed); for a string site, P is the Solidity expression of the site's function that
// holds F (a local variable replaced by what it was set to). Nothing here is written per
// error or per string: the tables below are the whole vocabulary, and where they do not
// decide, no gate is emitted (a wrong kind is worse than none). anvil-scripts/gen-errors.sh
// also writes every hint to src/explain/generated/gates.txt, one a line, for review.

const GATE_KINDS = [
  'not_owner', 'missing_role', 'paused', 'not_authorized', 'not_allowlisted',
  'merkle_proof_invalid', 'not_holder', 'not_approved', 'signature_invalid', 'expired',
  'blocklisted', 'not_open', 'limit_reached', 'wrong_payment', 'sold_out',
];

// The access kinds: who may call. Where a string's condition and its words name two of
// these, the condition (what the code checks) decides.
const ACCESS_KINDS = new Set(['not_owner', 'missing_role', 'not_authorized', 'not_approved']);

// 1. Words. Each rule reads the words of an error's name ("ERC2612ExpiredSignature" ->
// "erc2612 expired signature"), or of a revert string ("Pausable: paused" -> "pausable
// paused"), padded with spaces; the first rule that matches decides (kind null: no gate,
// whatever a later rule would say). `errorsOnly`: words too loose to decide for a string,
// whose condition says more. `needs`: what the error's parameters must hold. `refine`: an
// access error whose name leaves open how access is decided ("only admin"): where every
// site that raises it checks a role (or the owner), that kind is taken instead.
const ADDRESS = /^address$/;
const WORD_RULES = [
  // Input checks and plumbing, never a gate.
  {
    kind: null,
    re: /\b(zero address|address zero|to the zero|nonexistent|non existent|already (initialized|minted|exists|granted|registered|subscribed|revoked|scheduled|queued)|initializ(ing|ed|ation)|not initializing|overflow\w*|underflow\w*|reentran\w*|decrease\w* allowance|approve to caller|approv\w* to current owner|query for|out of bounds|length mismatch|mismatched length|invalid (receiver|sender|approver|spender|operator|recipient|owner|implementation|admin|beacon|cap|amount|quantity|params?|parameters|input|address|tokens?(?! price)|index|length|initial admin|default admin|authority|delay|proposal|batch|duration|fraction|period)|consume)\b/,
  },
  // A deadline or expiry has passed.
  { kind: 'expired', re: /\b(expired|expir(y|ation)|deadline|stale)\b/ },
  // A signature, its signer or its nonce is refused.
  {
    kind: 'signature_invalid',
    re: /\b((invalid|bad|wrong|mismatched) (contract )?(signature|signer|permit)|signature (validation )?failed|signature does not match|(invalid|mismatched|used|wrong) (account )?nonce|used authorization|(request|signature|authorization|permit) already (processed|used))\b/,
    needs: (e) => !e.params.some((p, i) => /signer/i.test(p) && !ADDRESS.test(e.types[i])),
  },
  // Paused (not: "must be paused", "not paused").
  {
    kind: 'paused',
    re: /\b(enforced pause|paused|while paused|when paused)\b/,
    unless: /\b(not paused|unpaused|expected pause|must be paused|paused or|or paused)\b/,
  },
  // A Merkle proof is rejected (not: a tree's own bookkeeping).
  {
    kind: 'merkle_proof_invalid',
    re: /\b(invalid (merkle )?(multi)?proof|(merkle )?proof invalid|merkle not approved|not in (the )?merkle|invalid merkle)\b/,
    unless: /\b(tree|update|qty|quantity)\b/,
  },
  {
    kind: 'not_allowlisted',
    re: /\b(not (on |in )?(the )?(allow ?list(ed)?|white ?list(ed)?)|not allowlisted|not whitelisted)\b/,
  },
  // A deny list: an operator filter, a blacklist (not: the registry's own bookkeeping).
  {
    kind: 'blocklisted',
    re: /\b(black ?listed|block ?listed|blocked|banned|sanctioned|filtered)\b/,
    unless: /\b(already (filtered|blocked)|not filtered|cannot filter)\b/,
  },
  { kind: 'blocklisted', re: /\bnot allowed\b/, errorsOnly: true, needs: (e) => e.types.some((t) => ADDRESS.test(t)) },
  // An approval is missing or short.
  {
    kind: 'not_approved',
    re: /\b(not (the )?(token )?owner (nor|or) approved|insufficient (allowance|approval)|exceeds allowance|missing approval|not an operator)\b/,
    unless: /\b(merkle|currency)\b/,
  },
  // The owner alone (not: a pending or proposed owner, a token's owner).
  {
    kind: 'not_owner',
    re: /\b(only (callable by )?(the )?owner|(caller|sender) is not (the )?owner|not (the )?owner|ownable unauthorized|must be (the )?owner|owner only)\b/,
    unless: /\b(pending|proposed|nft owner|token owner|incorrect owner|new owner|or approved|nor approved|or admin)\b/,
  },
  // A role is missing: said so, or an unauthorized account with the role it needs, or a
  // role system's unauthorized (an access manager, roles, permissions).
  { kind: 'missing_role', re: /\b(missing (the given )?role|must have \w+ role|lacks? (the )?role|missing role)\b/ },
  {
    kind: 'missing_role',
    re: /\bunauthorized\b/,
    errorsOnly: true,
    needs: (e) => e.params.some((p) => /^(needed|required|missing)?_?role(id)?$/i.test(p)),
  },
  { kind: 'missing_role', re: /\b(roles|permissions|managed|manager)\b.*\bunauthorized\b/, errorsOnly: true },
  // One particular account (or context) may call.
  {
    kind: 'not_authorized',
    re: /\b(unauthorized (caller|call context|call|gateway)|only|restricted|must be (the )?(proposed|pending) owner|pending owner)\b/,
    errorsOnly: true,
    refine: true,
  },
  // "Unauthorized" with the calling account: that account may not call. A bare
  // `Unauthorized()` names no gate (Solady raises it for its owner and its roles alike).
  {
    kind: 'not_authorized',
    re: /\bunauthorized\b/,
    errorsOnly: true,
    refine: true,
    needs: (e) => e.params.some((p, i) => /^(caller|sender|account|msgsender|gateway|target)$/i.test(p) && ADDRESS.test(e.types[i])),
  },
  // The address must hold more (tokens, votes); not the contract's own ether.
  {
    kind: 'not_holder',
    re: /\b(insufficient (token )?(balance|votes|proposer votes|voting power)|exceeds balance|below (proposal )?threshold|not enough (balance|votes))\b/,
    // (not: the contract's own ether, as Address and Create2 check it)
    needs: (e) => !/\b(eth|ether|native|deploy\w*)\b/i.test(e.natspec || '') && !/\b(address|create2)\b/.test(e.words),
  },
  // The supply is exhausted (not: lending caps, a cap being set).
  {
    kind: 'sold_out',
    re: /\b(sold out|exceeded cap|cap exceeded|exceeds? cap|exceed(ed|s)? (the )?max(imum)? (total )?supply|exceeded safe supply|supply cap|out of supply|not enough supply)\b/,
    unless: /\b(borrow|debt|unbacked|invalid|set)\b/,
  },
  // A per-wallet, per-transaction or per-phase quantity limit (not: limits on settings).
  {
    kind: 'limit_reached',
    re: /\b(exceed(ed|s)? (the )?max|more than (the )?max|too many|limit exceeded|exceed(ed|s)? (the )?limit|over (the )?limit|max(imum)? per)\b/,
    unless: /\b(fee|bps|royalty|percentage|quorum|delay|gas|length|sequential|supply|cap|reserves|actions|extension)\b/,
  },
  // Not open at this block: not started, ended, no active phase, a delay not passed.
  {
    kind: 'not_open',
    re: /\b(not (yet )?(started|open|opened|live|ready|begun)|not currently active|inactive|no active|too early|unmet delay|enforced (\w+ )*delay|has not started|hasn t (started|surpassed|begun)|not allowed yet|not time yet|voting is closed|sale (ended|closed|is over))\b/,
    unless: /\b(reserve|module|extension|account|operation state|edition)\b/,
  },
  // The value or price sent is not the one asked.
  {
    kind: 'wrong_payment',
    re: /\b((wrong|invalid|incorrect|insufficient|mismatched) (token )?(price|payment|msg value|value sent|eth sent)|(value|price|payment) mismatch(ed)?|mismatched value|price or currency)\b/,
  },
];

// 2. Fields from an error's parameters, per kind: the first parameter whose name matches
// gives the field (each parameter used once; a field with several patterns tries them in
// turn). Amounts (wrong_payment's) come only from integer parameters.
const FIELD_PARAMS = {
  expired: [['expired_at', /^(deadline|expiry|expiration\w*|expiresat|signaturedeadline|validbefore|validuntil)$/]],
  signature_invalid: [
    ['signer', /^(signer|recovered\w*|signatory)$/],
    ['expected_signer', /^(owner|from|voter|claimedsigner|expectedsigner|delegator)$/],
    ['nonce', /^(currentnonce|expectednonce|nonce)$/],
  ],
  not_approved: [
    ['owner', /^(owner|approver|holder)$/],
    ['spender', /^(spender|operator)$/],
    ['allowance', /^(allowance|currentallowance)$/],
    ['needed', /^(needed|requested|required)$/],
  ],
  not_holder: [
    ['held', /^(balance|votes|held|currentbalance|frombalance)$/],
    ['required', /^(needed|threshold|required|minimum)$/],
    ['token', /^token$/],
  ],
  sold_out: [['max_supply', /^(cap|maxsupply|max|maxtotalsupply|expected)$/], ['supply', /^(supply|totalsupply|currentsupply)$/]],
  limit_reached: [
    ['limit', /^(max\w*|limit|cap|expected)$/],
    ['requested', /^(assets|shares|quantity|amount|requested|batchsize)$/],
    ['used', /^(used|minted|claimed)$/],
  ],
  not_open: [['opens_at', /^(schedule|neededtimestamp|opensat|start\w*|expected|eta|notbefore|validafter)$/], ['closes_at', /^(end\w*|closesat)$/]],
  missing_role: [['role', /^(needed|required|missing)?_?role(id)?$/]],
  wrong_payment: [
    ['sent', [/^actual\w*price\w*$/, /^(actual\w*|msgvalue|sent|paid)$/]],
    ['expected', [/^expected\w*price\w*$/, /^(expected\w*|correctprice|price|requestedvalue)$/]],
  ],
  not_authorized: [['authorized', /^(authorized|expectedcaller)$/]],
  not_owner: [['owner', /^(owner|expectedowner)$/]],
};

function wordsOfText(s) {
  return ` ${words(String(s).replace(/[^A-Za-z0-9_]+/g, ' ')).replace(/\s+/g, ' ')} `;
}

// The first word rule that matches (its kind may be null: no gate), or undefined. With
// `unique`, words that name two kinds ("registry paused or caller not authorized") decide
// nothing (null).
function wordRule(text, forErrors, error, unique = false) {
  let first;
  for (const r of WORD_RULES) {
    if (r.errorsOnly && !forErrors) continue;
    if (!r.re.test(text) || (r.unless && r.unless.test(text))) continue;
    if (r.needs && error && !r.needs(error)) continue;
    if (!unique || !r.kind) return first && first.kind !== r.kind && r.kind ? { kind: null } : first || r;
    if (!first) first = r;
    else if (first.kind !== r.kind) return { kind: null };
  }
  return first;
}

function paramFields(kind, params, types) {
  const out = {};
  const used = new Set();
  const fits = (j) => kind !== 'wrong_payment' || /^u?int\d*$/.test(types[j] || '');
  for (const [field, res] of FIELD_PARAMS[kind] || []) {
    for (const re of Array.isArray(res) ? res : [res]) {
      const i = params.findIndex((p, j) => !used.has(j) && p && fits(j) && re.test(p.replace(/^_+|_+$/g, '').toLowerCase()));
      if (i >= 0) {
        used.add(i);
        out[field] = params[i];
        break;
      }
    }
  }
  if (kind === 'blocklisted') {
    // The listed address: the one address parameter, or the one named as the subject.
    const addrs = types.map((t, i) => i).filter((i) => ADDRESS.test(types[i]));
    const named = addrs.filter((i) => /^(operator|account|filtered|subject|user|addr)$/i.test(params[i] || ''));
    const i = named.length === 1 ? named[0] : addrs.length === 1 ? addrs[0] : -1;
    if (i >= 0) out.subject = params[i] || String(i);
  }
  return out;
}

// Top-level parameter types of a canonical signature.
function sigTypes(sig) {
  const inner = sig.slice(sig.indexOf('(') + 1, -1);
  const out = [];
  let depth = 0;
  let cur = '';
  for (const ch of inner) {
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
      continue;
    }
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

// An error's gate: {kind, fields, by} or null. `siteGates`: the gates of the conditions
// under which the projects raise it (for `refine`).
function errorGate(name, params, sig, natspecText, siteGates, siteStated = []) {
  const e = { params, types: sigTypes(sig), natspec: natspecText, words: wordsOfText(name) };
  let rule = wordRule(e.words, true, e);
  let by = 'name';
  if (rule === undefined && natspecText) {
    // The natspec decides only where it says outright that something expired, is paused,
    // or is sold out.
    const r = wordRule(wordsOfText(sentence(natspecText)), false, e, true);
    if (r && ['expired', 'paused', 'sold_out'].includes(r.kind)) {
      rule = r;
      by = 'natspec';
    }
  }
  if (!rule || !rule.kind) return null;
  if (rule.refine) {
    // Every site whose condition is read checks one role system (or the owner).
    const kinds = new Set(siteGates.filter(Boolean));
    if (kinds.size === 1) {
      const [k] = kinds;
      if (k === 'missing_role' || k === 'not_owner') return { kind: k, fields: {}, by: 'name, and its sites check it so' };
    }
  }
  const fields = paramFields(rule.kind, params, e.types);
  if (rule.kind === 'wrong_payment') {
    // What was paid or stated is the amount the call carries, whatever the parameters are
    // named: where every site that raises it passes one amount of the call's own and one
    // the contract holds, those are `sent` and `expected`.
    const fromSites = paymentFromSites(params, e.types, siteStated);
    if (fromSites) return { kind: rule.kind, fields: fromSites, by: `${by}; amounts from its sites` };
  }
  return { kind: rule.kind, fields, by };
}

// `sent` and `expected` of a payment error from where its sites' amounts came from, or null
// where the sites do not all say the same (or say nothing).
function paymentFromSites(params, types, siteStated) {
  const known = siteStated.filter((x) => Array.isArray(x) && x.length === types.length);
  if (!known.length) return null;
  const first = JSON.stringify(known[0]);
  if (!known.every((x) => JSON.stringify(x) === first)) return null;
  const amounts = types.map((t, i) => i).filter((i) => /^u?int\d*$/.test(types[i]));
  const sent = amounts.filter((i) => known[0][i]);
  const expected = amounts.filter((i) => !known[0][i]);
  if (sent.length !== 1 || expected.length !== 1) return null;
  const name = (i) => params[i] || String(i);
  return { sent: name(sent[0]), expected: name(expected[0]) };
}

// 3. Conditions. A requirement (what must hold for the call to go on) is read part by part:
// each part is a gate, `neutral` (an input sanity check such as `x != 0`), `escape` (`x ==
// 0` in an "unset, or within the cap" disjunction), `not` (known not to be a gate: the
// caller's own argument, the contract's own ether, a setting checked against a constant),
// `before` (the time must be before X: an expiry or a window's end, decided by the words)
// or `unknown`. All the gate parts of a conjunction must agree; a disjunction is a gate where
// all its parts are the same gate, or where it is "the owner of X, or approved by X".

const NOW_TIME = /^(block\.timestamp|now|getBlockTimestamp\(\)|_?blockTimestamp\(\)|uint\d*\(block\.timestamp\))$/;
const NOW_BLOCK = /^(block\.number|getBlockNumber\(\)|_?blockNumber\(\)|uint\d*\(block\.number\))$/;
const MIRROR = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '==': '==', '!=': '!=' };

class GateContext {
  constructor(file, fn) {
    this.file = file;
    this.fn = fn;
    this.fnName = fn ? fn.name || '' : '';
    this.params = new Set();
    this.locals = new Map();
    if (!fn) return;
    for (const p of (fn.parameters && fn.parameters.parameters) || []) if (p.name) this.params.add(p.name);
    for (const p of (fn.returnParameters && fn.returnParameters.parameters) || []) if (p.name) this.locals.set(p.name, null);
    // Every variable declared in the body (a try's returns too); one declared alone with a
    // value keeps it.
    walk(fn.body || {}, (n) => {
      if (n.nodeType === 'VariableDeclaration' && n.name && !this.locals.has(n.name)) this.locals.set(n.name, null);
      if (n.nodeType !== 'VariableDeclarationStatement') return;
      const ds = n.declarations || [];
      ds.forEach((d) => {
        if (d && d.name) this.locals.set(d.name, ds.length === 1 && n.initialValue ? n.initialValue : null);
      });
    });
  }

  src(n) {
    return this.file.src(n);
  }

  isParam(n) {
    return n.nodeType === 'Identifier' && this.params.has(n.name) && !this.locals.has(n.name);
  }

  // A local variable's value where it was set once where declared; otherwise n.
  resolve(n) {
    if (n.nodeType === 'Identifier' && this.locals.get(n.name)) return this.locals.get(n.name);
    return n;
  }

  // The text of an expression as a field: a local replaced by its initializer; none for a
  // local set elsewhere, or for what is too long to read.
  field(n) {
    if (!n) return null;
    const r = this.resolve(n);
    if (r.nodeType === 'Identifier' && this.locals.has(r.name)) return null;
    const t = this.src(r);
    return t.length <= 100 ? t : null;
  }

  // Words naming an operand: a variable's, a member's, a mapping's or a called function's
  // name (through a local's initializer); null for anything else (arithmetic, literals).
  name(n) {
    const r = this.resolve(n);
    for (const x of r === n ? [n] : [n, r]) {
      if (x.nodeType === 'Identifier') return wordsOfText(x.name);
      if (x.nodeType === 'MemberAccess') return wordsOfText(x.memberName);
      if (x.nodeType === 'IndexAccess') {
        let b = x;
        while (b.nodeType === 'IndexAccess') b = b.baseExpression;
        return this.name(b);
      }
      if (x.nodeType === 'FunctionCall') {
        const c = calleeName(x);
        if (c && !/^(u?int\d*|address|bytes\d*)$/.test(c)) return wordsOfText(c);
        if (x.arguments && x.arguments.length === 1) return this.name(x.arguments[0]);
      }
      if (x.nodeType === 'BinaryOperation' && ['*', '/'].includes(x.operator)) return this.name(x.leftExpression);
    }
    return null;
  }
}

// Whose balance an expression reads: 'account' where it is keyed by (or asks about) the
// caller, a parameter or a local variable set from one; 'this' for the contract's own (its
// ether, or its tokens); null where it names none.
function whose(ctx, n, depth = 0) {
  if (depth > 3 || !n) return null;
  const s = ctx.src(n);
  if (/(^|\.)balance$/.test(s) && !/^\w+\.balance$/.test(s.replace(/^address\((\w+)\)/, '$1'))) return 'this';
  let found = null;
  const visit = (x) => {
    if (found === 'this' || !x || typeof x !== 'object') return;
    if (x.nodeType) {
      const t = ctx.src(x);
      if (t === 'address(this)' || t === 'this') {
        found = 'this';
        return;
      }
      if (isCaller(ctx.file, x) || ctx.isParam(x)) found = found || 'account';
      if (x.nodeType === 'Identifier' && ctx.locals.get(x.name)) {
        const w = whose(ctx, ctx.locals.get(x.name), depth + 1);
        if (w) found = w === 'this' ? 'this' : found || w;
      }
    }
    for (const k of ['expression', 'baseExpression', 'indexExpression', 'arguments', 'leftExpression', 'rightExpression', 'subExpression', 'components']) {
      const v = x[k];
      if (Array.isArray(v)) v.forEach(visit);
      else if (v) visit(v);
    }
  };
  visit(n);
  if (/\.balance$/.test(s) && found !== 'account') return 'this';
  return found;
}

// The type a conversion call names (`uint256(x)` -> "uint256"), or "".
function typeName(n) {
  const e = n.expression;
  if (!e) return '';
  if (e.nodeType === 'ElementaryTypeNameExpression') return typeof e.typeName === 'string' ? e.typeName : e.typeName.name;
  return calleeName(n) || '';
}

// The variable an expression starts from (`_params.x[i]` -> "_params"), or null.
function rootName(n) {
  let x = n;
  while (x) {
    if (x.nodeType === 'Identifier') return x.name;
    if (x.nodeType === 'MemberAccess') x = x.expression;
    else if (x.nodeType === 'IndexAccess') x = x.baseExpression;
    else if (x.nodeType === 'BinaryOperation') x = x.leftExpression;
    else return null;
  }
  return null;
}

// A function that sets things up (a setter, a creation): a bound or a time it compares with
// its own argument is that setting's check, not a gate.
const SETTER = /^_?(set|update|configure|add|remove|create|grant|revoke|register)[A-Z_]/;
const setting = (ctx, n) => SETTER.test(ctx.fnName) && ctx.params.has(rootName(n));

const isConstName = (s) => /^([A-Za-z_]\w*\.)*[A-Z][A-Z0-9_]*$/.test(s);

function isConstantExpr(ctx, n) {
  const s = ctx.src(n);
  if (n.nodeType === 'Literal') return true;
  if (n.nodeType === 'FunctionCall' && n.arguments.length === 1 && /^(u?int\d*|address|bytes\d*)$/.test(typeName(n))) {
    return isConstantExpr(ctx, n.arguments[0]);
  }
  if (n.nodeType === 'UnaryOperation' && n.operator === '-') return isConstantExpr(ctx, n.subExpression);
  if (isConstName(s) && !(n.nodeType === 'Identifier' && (ctx.locals.has(s) || ctx.params.has(s)))) return true;
  if (/^type\(.*\)\.(max|min)$/.test(s)) return true;
  if (/^(u?int\d*|address|bytes\d*)\(-?[\dx]+\)$/.test(s)) return true;
  if (/^[\d_]+(e\d+)?$/.test(s)) return true;
  return false;
}

const isZeroLike = (ctx, n) => isZero(ctx.file, n) || /^(""|bytes32\(0\)|0x0+|address\(0x0+\))$/.test(ctx.src(n));

// Is this expression the owner of the contract itself (owner(), a state variable named owner)?
function ownerExpr(ctx, n) {
  const s = ctx.src(n);
  if (/^(owner|_owner|getOwner)\(\)$/.test(s)) return true;
  // Ownership kept in a storage layout: `_ownableStorage()._owner`, `OwnableStorage.layout().owner`.
  if (n.nodeType === 'MemberAccess' && /^_?owner$/.test(n.memberName) && n.expression.nodeType === 'FunctionCall' && !n.expression.arguments.length) return true;
  return (
    n.nodeType === 'Identifier' &&
    /^(_?owner|s_owner|owner_|_contractOwner|contractOwner)$/.test(s) &&
    !ctx.locals.has(s) &&
    !ctx.params.has(s)
  );
}

const gate = (kind, fields = {}) => {
  const f = {};
  for (const [k, v] of Object.entries(fields)) if (v !== null && v !== undefined && v !== '') f[k] = v;
  return { t: 'gate', kind, fields: f };
};
const T = (t, extra = {}) => ({ t, ...extra });

// Membership: `m[k]`, `m[a][k]`, `set.contains(k)` -> {base, keys}.
function memberOf(n) {
  if (n.nodeType === 'IndexAccess' && n.indexExpression) {
    const keys = [];
    let b = n;
    while (b.nodeType === 'IndexAccess' && b.indexExpression) {
      keys.unshift(b.indexExpression);
      b = b.baseExpression;
    }
    return { base: b, keys };
  }
  if (calleeName(n) === 'contains' && n.expression.nodeType === 'MemberAccess' && n.arguments.length === 1) {
    return { base: n.expression.expression, keys: [n.arguments[0]] };
  }
  return null;
}

function membershipGate(ctx, m, present) {
  const w = ctx.name(m.base) || '';
  const key = m.keys[m.keys.length - 1];
  const byCaller = isCaller(ctx.file, key);
  if (/\b(approv\w*|operator approvals?)\b/.test(w) && m.keys.length === 2 && byCaller) {
    return present ? gate('not_approved', { owner: ctx.field(m.keys[0]) }) : T('not');
  }
  if (/\b(black ?list\w*|block ?list\w*|blocked|banned|deny ?list\w*|sanction\w*|filtered)\b/.test(w)) {
    return present ? T('not') : gate('blocklisted', { subject: ctx.field(key) });
  }
  if (!byCaller && !ctx.isParam(key)) return T('unknown');
  if (/\b(allow ?list\w*|white ?list\w*)\b/.test(w)) return present ? gate('not_allowlisted') : T('not');
  if (!byCaller) return T('unknown');
  if (/^ _?owners $/.test(w)) return present ? gate('not_owner') : T('not');
  if (/\b(admins?|minters?|managers?|pausers?|guardians?|keepers?|controllers?|wards|roles?)\b/.test(w)) {
    return present ? gate('missing_role') : T('not');
  }
  return T('unknown');
}

// A call that asks about an account: hasRole(ROLE, who), isX(who), isApprovedForAll(a, who)...
function callGate(ctx, n, present) {
  const c = calleeName(n);
  if (!c) return null;
  const args = n.arguments || [];
  const callerArg = args.some((a) => isCaller(ctx.file, a));
  if (/^_?hasRole\w*$/.test(c) && args.length === 2) {
    if (!present) return T('not');
    const [role, who] = args;
    const w = ctx.src(who);
    if (!isCaller(ctx.file, who) && !/^_?(from|to)$/.test(w)) return T('unknown');
    const r = ctx.src(role);
    return gate('missing_role', { role: ctx.field(role), role_name: isConstName(r) ? r.split('.').pop() : null });
  }
  const receiver = n.expression.nodeType === 'MemberAccess' ? n.expression.expression : null;
  const rw = receiver ? ctx.name(receiver) || wordsOfText(ctx.src(receiver)) : '';
  if (/^(verify|verifyCalldata|verifyProof|multiProofVerify\w*)$/.test(c) && /\bmerkle\b/.test(rw)) {
    return present ? gate('merkle_proof_invalid', { root_onchain: args[1] ? ctx.field(args[1]) : null }) : T('not');
  }
  if (/^_?(isValidSignature\w*|isValidSigner)$/.test(c)) {
    return present ? gate('signature_invalid', { expected_signer: c === 'isValidSignatureNow' && args[0] ? ctx.field(args[0]) : null }) : T('not');
  }
  const m = c.match(/^_?is([A-Z]\w*)$/);
  if (!m) return null;
  const w = wordsOfText(m[1]);
  if (/\b(trusted forwarder|contract)\b/.test(w)) return T('unknown');
  if (/\boperator allowed\b/.test(w) || /\b(filter|registry)\b/.test(rw)) {
    return present ? gate('blocklisted', { subject: args.length ? ctx.field(args[args.length - 1]) : null, list: receiver ? ctx.field(receiver) : null }) : T('not');
  }
  if (/\b(black ?listed|block ?listed|blocked|banned|sanctioned|denied|filtered)\b/.test(w)) {
    return present ? T('not') : gate('blocklisted', { subject: args[0] ? ctx.field(args[0]) : null, list: receiver ? ctx.field(receiver) : null });
  }
  if (/\b(approved|operator for)\b/.test(w) && callerArg) {
    if (!present) return T('not');
    const other = args.find((a) => !isCaller(ctx.file, a));
    const owner = /\bfor all\b|\boperator for\b/.test(w) && other ? ctx.field(other) : null;
    return gate('not_approved', { owner });
  }
  if (!callerArg) return T('unknown');
  if (/^ owner $/.test(w)) return present ? gate('not_owner') : T('not');
  if (/\b(admin|minter|manager|pauser|guardian|keeper|bridge|controller|flash borrower)\b/.test(w)) {
    const authority = receiver && ctx.src(receiver) !== 'this' ? ctx.field(receiver) : null;
    return present ? gate('missing_role', { authority }) : T('not');
  }
  if (/\b(allow ?listed|white ?listed)\b/.test(w)) return present ? gate('not_allowlisted') : T('not');
  return T('unknown');
}

function atomGate(ctx, n0, present) {
  const n = ctx.resolve(n0);
  const name = ctx.name(n) || '';
  if (/^ (is |get )?([a-z0-9]+ )*paused $/.test(name)) return present ? T('not') : gate('paused');
  if (n.nodeType === 'FunctionCall') {
    const g = callGate(ctx, n, present);
    if (g) return g;
  }
  const m = memberOf(n);
  if (m) return membershipGate(ctx, m, present);
  if (n !== n0 && n.nodeType === 'BinaryOperation') return partGate(ctx, present ? logic(n) : neg(logic(n)));
  if (/\bvalid msg value\b/.test(name)) return present ? gate('wrong_payment') : T('not');
  return T('unknown');
}

function cmpGate(ctx, f) {
  let { l, r, op } = f;
  if (NOW_TIME.test(ctx.src(r)) || NOW_BLOCK.test(ctx.src(r))) [l, r, op] = [r, l, MIRROR[op]];
  const s = (n) => ctx.src(n);
  // Time: now against X.
  const nowKind = NOW_TIME.test(s(l)) ? 'time' : NOW_BLOCK.test(s(l)) ? 'block' : null;
  if (nowKind) {
    const suffix = nowKind === 'block' ? '_block' : '';
    const xw = ctx.name(r) || wordsOfText(s(r));
    if (setting(ctx, r)) return T('not');
    if (op === '>=' || op === '>') {
      // A parameter must be in the past: a lookup's bound, unless it names when something
      // opens (the queued transaction's `eta`).
      if (ctx.isParam(r) && !/\b(eta|start\w*|open\w*|unlock\w*|release\w*)\b/.test(xw)) return T('not');
      if (/\b(deadline|expir\w*)\b/.test(xw)) return T('not');
      return gate('not_open', { [`opens_at${suffix}`]: ctx.field(r) });
    }
    if (op === '<=' || op === '<') {
      if (/\b(deadline|expir\w*|valid ?(until|before)|grace|stale)\b/.test(wordsOfText(s(r)))) {
        return gate('expired', { expired_at: nowKind === 'time' ? ctx.field(r) : null });
      }
      if (ctx.isParam(r) && !/\bvalid\b/.test(xw)) return T('before', { x: ctx.field(r), suffix, param: true });
      if (/\b(end|ends|close|closes|closing|stop|finish)\w*\b/.test(xw)) return gate('not_open', { [`closes_at${suffix}`]: ctx.field(r) });
      return T('before', { x: ctx.field(r), suffix });
    }
    return T('unknown');
  }
  // The caller compared with an account.
  if (callerIn(ctx, l) || callerIn(ctx, r)) {
    const other = callerIn(ctx, l) ? r : l;
    if (callerIn(ctx, other)) return T('unknown');
    if (op === '!=') return isZeroLike(ctx, other) || isConstantExpr(ctx, other) ? T('neutral') : T('not');
    if (op !== '==') return T('unknown');
    if (s(other) === 'address(this)') return gate('not_authorized', { authorized: 'address(this)' });
    if (s(other) === 'tx.origin') return T('not'); // an account without code, not a gate
    if (ctx.isParam(other)) return T('not', { self: other });
    if (ownerExpr(ctx, other)) return gate('not_owner', { owner: ctx.field(other) });
    if (/\bapproved\b/.test(ctx.name(other) || '')) return gate('not_approved');
    return gate('not_authorized', { authorized: ctx.field(other), _self: other });
  }
  const lw = ctx.name(l) || '';
  const rw = ctx.name(r) || '';
  // Signatures: a recovered signer against the expected one, a nonce, a validity check.
  const sigish = (n, w) => /\b(signer|signatory|recovered( address)?)\b/.test(w) || /^(ecrecover|recover|tryRecover|_recover\w*)$/.test(calleeName(ctx.resolve(n)) || '');
  if (sigish(l, lw) || sigish(r, rw)) {
    const [sig, other] = sigish(l, lw) ? [l, r] : [r, l];
    if (op === '==' && !isZeroLike(ctx, other)) return gate('signature_invalid', { signer: ctx.field(sig), expected_signer: ctx.field(other) });
    if (op === '!=' && isZeroLike(ctx, other)) return gate('signature_invalid');
    return T('unknown');
  }
  if (op === '==' && (/\bnonces?\b/.test(lw) || /\bnonces?\b/.test(rw)) &&
      !isZeroLike(ctx, l) && !isZeroLike(ctx, r) && !isConstantExpr(ctx, l) && !isConstantExpr(ctx, r)) {
    const other = ctx.isParam(l) ? r : l;
    return gate('signature_invalid', { nonce: ctx.field(other) });
  }
  if (/^_?isValidSignature\w*$/.test(calleeName(l) || '') || /^_?isValidSignature\w*$/.test(calleeName(r) || '')) {
    return op === '==' ? gate('signature_invalid') : T('unknown');
  }
  // The value sent, a price or a currency.
  if (s(l) === 'msg.value' || s(r) === 'msg.value') {
    const other = s(l) === 'msg.value' ? r : l;
    const big = op === '>=' || op === '>' ? l : op === '<=' || op === '<' ? r : null;
    if (op === '==' || (big && s(big) === 'msg.value')) return gate('wrong_payment', { expected: ctx.field(other), sent: 'msg.value' });
    return T('unknown');
  }
  if (op === '==' && (/\b(price|currency)\b/.test(lw) || /\b(price|currency)\b/.test(rw))) {
    const [sent, expected] = ctx.isParam(l) ? [l, r] : ctx.isParam(r) ? [r, l] : [null, null];
    return gate('wrong_payment', { expected: expected && ctx.field(expected), sent: sent && ctx.field(sent) });
  }
  // Zero and constants: sanity checks of an input or a setting.
  const zl = isZeroLike(ctx, l);
  const zr = isZeroLike(ctx, r);
  if (zl || zr) {
    const x = zl ? r : l;
    const xw = zl ? rw : lw;
    const opx = zl ? MIRROR[op] : op; // x opx 0
    const present = opx === '!=' || opx === '>';
    if (/\bbalance( of)?\b/.test(xw)) return present && whose(ctx, x) === 'account' ? gate('not_holder', { held: ctx.field(x) }) : T('not');
    const m = memberOf(ctx.resolve(x));
    if (m && (opx === '!=' || opx === '==' || opx === '>')) {
      const g = membershipGate(ctx, m, present);
      if (g.t !== 'unknown') return g;
    }
    if (present) return T('neutral');
    if (opx === '==') return T('escape');
    return T('unknown');
  }
  if (['<', '<=', '>', '>='].includes(op)) {
    const [small, big] = op === '<' || op === '<=' ? [l, r] : [r, l];
    const sw = ctx.name(small) || '';
    const bw = ctx.name(big) || '';
    if (/\b(index|idx|offset|position|length|count)\b/.test(sw)) return T('not');
    // An allowance or a balance that must cover an amount.
    if (/\ballowance\b/.test(bw)) {
      // Where the allowance is set (approve, increase, decrease), not spent.
      if (/^_?(approve|permit|setAllowance)$|increase|decrease/i.test(ctx.fnName)) return T('not');
      return gate('not_approved', { allowance: ctx.field(big), needed: ctx.field(small) });
    }
    if (/\bbalance( of)?\b/.test(bw)) {
      if (whose(ctx, big) !== 'account') return T('not');
      return gate('not_holder', { held: ctx.field(big), required: ctx.field(small) });
    }
    if (/\b(votes|voting power)\b/.test(bw) && /\b(threshold|quorum|required|min\w*)\b/.test(sw)) {
      return gate('not_holder', { held: ctx.field(big), required: ctx.field(small) });
    }
    if (/\b(votes|voting power)\b/.test(sw)) return T('not');
    // A quantity within a supply cap or a limit.
    if (isConstantExpr(ctx, big) || setting(ctx, big)) return T('not');
    if (/\b(fee|bps|royalty|percentage|gas|length|decimals|borrow|debt|ceiling|unbacked|liquidity|reserves?|threshold|quorum|delay|operations|actions)\b/.test(`${bw} ${sw}`)) return T('not');
    const supplyCap = /\bcap\b|\bmax(imum)?\b[\w ]*\bsupply\b|\bsupply\b[\w ]*\b(cap|max|limit)\b/.test(bw);
    const limit = /\b(max(imum)?|limit)\b/.test(bw);
    if (!supplyCap && !limit) return T('unknown');
    // requested: the caller's own quantity (a parameter); used, or the supply: the rest.
    const addends = small.nodeType === 'BinaryOperation' && small.operator === '+' ? [small.leftExpression, small.rightExpression] : [small];
    const asked = addends.find((a) => ctx.isParam(a));
    const rest = addends.filter((a) => a !== asked);
    const restField = rest.length === 1 ? ctx.field(rest[0]) : null;
    if (supplyCap) return gate('sold_out', { max_supply: ctx.field(big), supply: asked ? restField : null });
    return gate('limit_reached', { limit: ctx.field(big), requested: asked ? ctx.field(asked) : null, used: asked ? restField : null });
  }
  if (isConstantExpr(ctx, l) || isConstantExpr(ctx, r)) return T('not');
  return T('unknown');
}

function partGate(ctx, f) {
  switch (f.t) {
    case 'cmp':
      return cmpGate(ctx, f);
    case 'atom':
      return atomGate(ctx, f.n, true);
    case 'not':
      return atomGate(ctx, f.n, false);
    case 'and':
      return andGate(f.xs.map((x) => partGate(ctx, x)));
    default:
      return orGate(ctx, f.xs, f.xs.map((x) => partGate(ctx, x)));
  }
}

// Fields of gates of one kind together: a field two parts give differently is dropped.
function mergeGates(gs) {
  const fields = {};
  const dropped = new Set();
  for (const g of gs) {
    for (const [k, v] of Object.entries(g.fields)) {
      if (dropped.has(k)) continue;
      if (k in fields && fields[k] !== v) {
        delete fields[k];
        dropped.add(k);
      } else fields[k] = v;
    }
  }
  return { t: 'gate', kind: gs[0].kind, fields };
}

function andGate(parts) {
  const xs = parts.filter((p) => p.t !== 'neutral');
  if (!xs.length) return T('neutral');
  if (xs.some((p) => p.t === 'mixed')) return T('mixed');
  if (xs.some((p) => p.t === 'not')) return T('not');
  if (xs.some((p) => p.t !== 'gate' && p.t !== 'before')) return T('unknown');
  // A window: from a start to a time that is not named as an expiry.
  const before = xs.filter((p) => p.t === 'before');
  let gates = xs.filter((p) => p.t === 'gate');
  if (before.length) {
    if (before.length > 1 || !gates.length || gates.some((g) => g.kind !== 'not_open')) return T('unknown');
    gates = [...gates, gate('not_open', { [`closes_at${before[0].suffix}`]: before[0].x })];
  }
  if (new Set(gates.map((g) => g.kind)).size !== 1) return T('mixed');
  return mergeGates(gates);
}

function orGate(ctx, fs, parts) {
  const xs = parts.filter((p) => p.t !== 'escape');
  if (xs.some((p) => p.t === 'mixed')) return T('mixed');
  // The owner of X, or one X approved: an approval is missing.
  const approvals = xs.filter((p) => p.t === 'gate' && p.kind === 'not_approved');
  const selves = xs.filter((p) => (p.t === 'not' && p.self) || (p.t === 'gate' && (p.fields._self || p.kind === 'not_owner')));
  if (approvals.length && approvals.length + selves.length === xs.length) {
    const owner = approvals.map((a) => a.fields.owner).find(Boolean) ||
      (selves.length === 1 ? ctx.field(selves[0].self || selves[0].fields._self) || selves[0].fields.owner : null);
    return gate('not_approved', { owner });
  }
  if (!xs.length || xs.some((p) => p.t !== 'gate')) return T('unknown');
  if (new Set(xs.map((g) => g.kind)).size !== 1) return T('mixed');
  return mergeGates(xs);
}

// Who calls, also through a local set from it (`address sender = _msgSender()`).
const callerIn = (ctx, n) => isCaller(ctx.file, n) || isCaller(ctx.file, ctx.resolve(n));

// A requirement's gate at a place: {t: 'gate', kind, fields} | {t: 'before', x} | other.
function conditionGate(where, requirement) {
  if (!requirement) return T('none');
  const ctx = new GateContext(where.file, where.fn);
  let g = partGate(ctx, requirement);
  // What a constructor or an initializer requires is its deployment's settings, but for who
  // may call it (a pair's factory).
  if (where.function === 'constructor' || /^_*(init\w*|initialize\w*)$/i.test(where.function)) {
    if (!(g.t === 'gate' && ACCESS_KINDS.has(g.kind))) g = T('not');
  }
  if (g.t === 'gate') {
    const fields = {};
    for (const k of Object.keys(g.fields).sort()) if (!k.startsWith('_')) fields[k] = g.fields[k];
    return { ...g, fields };
  }
  return g;
}

// A revert-string site's gate from its condition and its words (and, for a code passed as a
// constant, the constant's name and comment): {kind, fields, by} or null.
function stringGate(cond, text) {
  const rule = wordRule(wordsOfText(text), false, null, true);
  const w = rule && rule.kind;
  if (cond.t === 'gate') {
    if (!rule || !w || w === cond.kind || (ACCESS_KINDS.has(w) && ACCESS_KINDS.has(cond.kind))) {
      return { kind: cond.kind, fields: cond.fields, by: w === cond.kind ? 'condition and words' : 'condition' };
    }
    return null;
  }
  if (cond.t === 'before') {
    if (w === 'expired') return { kind: 'expired', fields: cond.x && !cond.suffix ? { expired_at: cond.x } : {}, by: 'condition and words' };
    if (w === 'not_open' && !cond.param) return { kind: 'not_open', fields: cond.x ? { [`closes_at${cond.suffix}`]: cond.x } : {}, by: 'condition and words' };
    return null;
  }
  if (cond.t === 'not' || cond.t === 'mixed') return null;
  return w ? { kind: w, fields: {}, by: 'words' } : null;
}

// ---------------------------------------------------------------- merge and write

function main() {
  const [srcDir, outDir, ...specs] = process.argv.slice(2);
  if (!srcDir || !outDir || !specs.length) die('usage: gen-errors.js SRC_DIR OUT_DIR ID=NAME@VERSION...');
  const stats = { unparsed: [], skippedErrors: [], abiAgree: 0, abiDiffer: [] };
  const packages = [];
  const errorsBySig = new Map(); // signature -> {name, params, declared: [], sites: []}
  const stringsByText = new Map(); // string -> sites
  const rolesBy = new Map(); // name + preimage -> {name, preimage, packages}
  const allFunctions = new Set(); // canonical signatures

  for (const spec of specs) {
    const [id, pkg] = spec.split('=');
    if (!rulesOf(id)) die(`no rules for package id ${id}`);
    const at = pkg.lastIndexOf('@');
    const [name, version] = [pkg.slice(0, at), pkg.slice(at + 1)];
    const dir = path.join(srcDir, id);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    if (meta.name !== name || meta.version !== version) {
      die(`${dir} holds ${meta.name}@${meta.version}, expected ${pkg}`);
    }
    const rules = rulesOf(id);
    packages.push({ id, project: rules.label, package: name, version, sources: rules.sources || [rules.combinedJson] });
    const got = readProject(id, dir, stats);
    console.error(
      `gen-errors.js: ${pkg}: ${got.files} source files, ${got.errors.length} error declarations, ${got.strings.length} revert-string sites`,
    );

    for (const e of got.errors) {
      if (!errorsBySig.has(e.sig)) {
        errorsBySig.set(e.sig, { name: e.name, params: e.params, declared: [], sites: [] });
      }
      const entry = errorsBySig.get(e.sig);
      // Parameter names: the first declaration that names them all.
      if (entry.params.some((p) => !p) && e.params.every((p) => p)) entry.params = e.params;
      const same = entry.declared.find((d) => d.meaning === e.meaning);
      if (same) {
        if (!same.packages.includes(id)) same.packages.push(id);
        if (!same.contracts.includes(e.contract)) same.contracts.push(e.contract);
      } else {
        entry.declared.push({ packages: [id], contracts: [e.contract], meaning: e.meaning });
      }
      for (const site of e.sites) mergeSite(entry.sites, site, id, ['contract', 'function', 'when']);
    }
    for (const sig of got.functions) allFunctions.add(sig);
    for (const r of got.roles) {
      const key = `${r.name}\u0000${r.preimage}`;
      if (!rolesBy.has(key)) rolesBy.set(key, { name: r.name, preimage: r.preimage, packages: [] });
      const entry = rolesBy.get(key);
      if (!entry.packages.includes(id)) entry.packages.push(id);
    }
    for (const s of got.strings) {
      if (!stringsByText.has(s.string)) stringsByText.set(s.string, []);
      const { string: _, ...site } = s;
      mergeSite(stringsByText.get(s.string), site, id, ['contract', 'function', 'condition']);
    }
  }

  const order = new Map(packages.map((p, i) => [p.id, i]));
  const byPackage = (a, b) =>
    order.get(a.packages[0]) - order.get(b.packages[0]) || cmp(JSON.stringify(a), JSON.stringify(b));
  const tidy = (x) => {
    x.packages.sort((a, b) => order.get(a) - order.get(b));
    if (x.contracts) x.contracts.sort(cmp);
    return x;
  };

  const strip = ({ _gate, _by, _stated, ...rest }) => rest;
  const errorBy = new Map();
  const errors = [...errorsBySig.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .map(([signature, e]) => {
      const declared = e.declared.map(tidy).sort(byPackage);
      const g = errorGate(
        e.name,
        e.params,
        signature,
        declared[0].meaning,
        e.sites.map((x) => x._gate),
        e.sites.map((x) => x._stated),
      );
      if (g) errorBy.set(signature, g.by);
      return {
        signature,
        name: e.name,
        params: e.params,
        ...(g ? { gate: { kind: g.kind, fields: g.fields } } : {}),
        declared,
        sites: e.sites.map(tidy).sort(byPackage).slice(0, MAX_SITES + 1).map(strip),
      };
    });
  const stringsBy = new Map();
  const strings = [...stringsByText.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .map(([string, sites]) => {
      const sorted = sites.map(tidy).sort(byPackage);
      stringsBy.set(string, sorted.map((x) => x._by));
      return { string, sites: sorted.map(strip) };
    });

  const generator = 'anvil-scripts/gen-errors.sh';
  const skipped = {
    unparsed_files: stats.unparsed.sort(cmp),
    errors_with_unresolved_types: [...new Set(stats.skippedErrors)].sort(cmp),
    abi_signatures_not_in_sources: [...new Set(stats.abiDiffer)].sort(cmp),
  };
  fs.mkdirSync(outDir, { recursive: true });
  write(path.join(outDir, 'errors.json'), { generator, packages, skipped, errors });
  write(path.join(outDir, 'strings.json'), { generator, packages, strings });
  const roles = [...rolesBy.values()].sort((a, b) => cmp(a.name, b.name) || cmp(a.preimage, b.preimage));
  write(path.join(outDir, 'roles.json'), { generator, packages, roles });
  write(path.join(outDir, 'functions.json'), { generator, packages, functions: [...allFunctions].sort(cmp) });
  const summary = writeGates(path.join(outDir, 'gates.txt'), errors, errorBy, strings, stringsBy);
  console.error(
    `gen-errors.js: ${errors.length} error signatures, ${strings.length} revert strings; skipped ${skipped.errors_with_unresolved_types.length} error declarations whose types do not resolve, ${skipped.unparsed_files.length} files solc could not parse; shipped ABIs: ${stats.abiAgree} error signatures agree with the sources, ${skipped.abi_signatures_not_in_sources.length} do not (listed in errors.json "skipped")`,
  );
  console.error(`gen-errors.js: gates (each listed in ${path.relative(ROOT, path.join(outDir, 'gates.txt'))}): ${summary}`);
}

// The gate of a string whose every site has the same kind (fields where all agree), as
// tables.rs's string_gate() reads it; null where a site has none or another kind.
function agreedGate(sites) {
  if (!sites.length || sites.some((x) => !x.gate) || new Set(sites.map((x) => x.gate.kind)).size !== 1) return null;
  const fields = {};
  for (const k of Object.keys(sites[0].gate.fields)) {
    if (sites.every((x) => x.gate.fields[k] === sites[0].gate.fields[k])) fields[k] = sites[0].gate.fields[k];
  }
  return { kind: sites[0].gate.kind, fields };
}

const showGate = (g) => {
  const fs_ = Object.entries(g.fields).map(([k, v]) => `${k}: ${v}`);
  return fs_.length ? `${g.kind} {${fs_.join(', ')}}` : g.kind;
};

// gates.txt: every hint, one a line, for a person to audit; returns the summary of counts.
function writeGates(file, errors, errorBy, strings, stringsBy) {
  const count = (xs) => {
    const m = new Map(GATE_KINDS.map((k) => [k, 0]));
    for (const k of xs) m.set(k, m.get(k) + 1);
    return [...m].filter(([, n]) => n).map(([k, n]) => `${k} ${n}`).join(', ');
  };
  const lines = [
    '# Gate hints of the generated tables (anvil-scripts/gen-errors.sh; the vocabulary is',
    '# anvil-scripts/gen-errors.js "gates: the one vocabulary"), one line per error signature',
    '# and per revert string that has one, for review:',
    '#   SIGNATURE -> kind {field: parameter} (decided by)',
    '#   "STRING" -> kind {field: expression} (sites; decided by) where every site agrees;',
    '#   "STRING" -> mixed: each site, where they do not (tables::string_gate gives none).',
    '',
  ];
  const gatedErrors = errors.filter((e) => e.gate);
  lines.push(`## errors: ${gatedErrors.length} of ${errors.length} (${count(gatedErrors.map((e) => e.gate.kind))})`);
  for (const e of gatedErrors) lines.push(`${e.signature} -> ${showGate(e.gate)} (${errorBy.get(e.signature)})`);
  const agreed = [];
  const mixed = [];
  for (const r of strings) {
    if (!r.sites.some((x) => x.gate)) continue;
    const g = agreedGate(r.sites);
    const by = [...new Set(stringsBy.get(r.string).filter(Boolean))].join('; ');
    if (g) agreed.push([r, g, by]);
    else mixed.push(r);
  }
  lines.push('');
  lines.push(`## strings whose every site agrees: ${agreed.length} of ${strings.length} (${count(agreed.map(([, g]) => g.kind))})`);
  for (const [r, g, by] of agreed) lines.push(`${JSON.stringify(r.string)} -> ${showGate(g)} (${r.sites.length} site${r.sites.length > 1 ? 's' : ''}; ${by})`);
  lines.push('');
  lines.push(`## strings whose sites disagree: ${mixed.length}`);
  for (const r of mixed) {
    const each = r.sites.map((x) => `${place(x)} ${x.gate ? showGate(x.gate) : '-'}`);
    lines.push(`${JSON.stringify(r.string)} -> mixed: ${each.join('; ')}`);
  }
  const text = `${lines.join('\n')}\n`;
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
  const sites = strings.flatMap((r) => r.sites.filter((x) => x.gate).map((x) => x.gate.kind));
  return `errors ${gatedErrors.length} (${count(gatedErrors.map((e) => e.gate.kind))}); strings ${agreed.length} whose sites agree (${count(agreed.map(([, g]) => g.kind))}), ${mixed.length} whose sites disagree; string sites ${sites.length} (${count(sites)})`;
}

const place = (x) => (x.function.startsWith('modifier ') || x.function === 'constructor' ? `${x.contract} ${x.function}` : `${x.contract}.${x.function}`);

const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

// Adds a site of package `id`: one that names the same place (`keys`) in another package
// (version) is merged, keeping the longer of the two meanings (the same code, where one
// version documents it and the other inherits its documentation).
function mergeSite(list, site, id, keys) {
  const same = list.find((x) => keys.every((k) => x[k] === site[k]));
  if (!same) {
    list.push({ packages: [id], ...site });
    return;
  }
  if (!same.packages.includes(id)) same.packages.push(id);
  if (site.meaning && (site.meaning.length > same.meaning.length ||
      (site.meaning.length === same.meaning.length && site.meaning < same.meaning))) {
    same.meaning = site.meaning;
  }
}

main();
