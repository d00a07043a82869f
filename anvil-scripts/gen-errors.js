#!/usr/bin/env node
// Generate rpccheck's built-in error and revert-string tables from the published sources
// and ABIs of widely deployed Solidity projects (the npm packages gen-errors.sh unpacks).
//
// Usage: node anvil-scripts/gen-errors.js SRC_DIR OUT_DIR ID=NAME@VERSION...
//   SRC_DIR/ID/ holds the unpacked package ID (its package.json names NAME@VERSION);
//   OUT_DIR gets errors.json and strings.json.
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
            addErrorSite(errorSites, calleeName(args[1]), where, neg(logic(args[0])));
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
        if (ename) addErrorSite(errorSites, ename, where, ifCondition(node, anc));
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

  return { errors, strings, files: files.length };
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

function addErrorSite(sites, name, where, when) {
  if (!name) return;
  if (!sites.has(name)) sites.set(name, []);
  const list = sites.get(name);
  const site = {
    contract: where.contract,
    function: where.function,
    when: when ? cap(render(where.file, when)) : null,
  };
  if (!list.some((s) => s.contract === site.contract && s.function === site.function)) list.push(site);
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
  return {
    string: s,
    contract: where.contract,
    function: where.function,
    condition: requirement ? cap(render(file, requirement)) : null,
    meaning: [code, human, note && sentence(note)].filter(Boolean).join(' — '),
  };
}

// ---------------------------------------------------------------- merge and write

function main() {
  const [srcDir, outDir, ...specs] = process.argv.slice(2);
  if (!srcDir || !outDir || !specs.length) die('usage: gen-errors.js SRC_DIR OUT_DIR ID=NAME@VERSION...');
  const stats = { unparsed: [], skippedErrors: [], abiAgree: 0, abiDiffer: [] };
  const packages = [];
  const errorsBySig = new Map(); // signature -> {name, params, declared: [], sites: []}
  const stringsByText = new Map(); // string -> sites

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

  const errors = [...errorsBySig.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .map(([signature, e]) => ({
      signature,
      name: e.name,
      params: e.params,
      declared: e.declared.map(tidy).sort(byPackage),
      sites: e.sites.map(tidy).sort(byPackage).slice(0, MAX_SITES + 1),
    }));
  const strings = [...stringsByText.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .map(([string, sites]) => ({ string, sites: sites.map(tidy).sort(byPackage) }));

  const generator = 'anvil-scripts/gen-errors.sh';
  const skipped = {
    unparsed_files: stats.unparsed.sort(cmp),
    errors_with_unresolved_types: [...new Set(stats.skippedErrors)].sort(cmp),
    abi_signatures_not_in_sources: [...new Set(stats.abiDiffer)].sort(cmp),
  };
  fs.mkdirSync(outDir, { recursive: true });
  write(path.join(outDir, 'errors.json'), { generator, packages, skipped, errors });
  write(path.join(outDir, 'strings.json'), { generator, packages, strings });
  console.error(
    `gen-errors.js: ${errors.length} error signatures, ${strings.length} revert strings; skipped ${skipped.errors_with_unresolved_types.length} error declarations whose types do not resolve, ${skipped.unparsed_files.length} files solc could not parse; shipped ABIs: ${stats.abiAgree} error signatures agree with the sources, ${skipped.abi_signatures_not_in_sources.length} do not (listed in errors.json "skipped")`,
  );
}

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
