// Kusto.Language (npm @kusto/language-service-next), the parser and semantic
// checker behind Microsoft's own KQL editors, loaded offline in Node, with a
// database holding the two sign-in tables of ./schema.mjs.

import { createRequire } from 'node:module';
import { TABLES } from './schema.mjs';

const require = createRequire(import.meta.url);
// The package is a Bridge.NET build: these two scripts define the globals
// `Bridge` and `Kusto`.
require('@kusto/language-service-next/bridge.js');
require('@kusto/language-service-next/Kusto.Language.Bridge.js');

const K = globalThis.Kusto.Language;
const S = K.Symbols;

function tableSymbol(name, columns) {
  const schema = Object.entries(columns)
    .map(([column, type]) => `${column}:${type}`)
    .join(', ');
  return new S.TableSymbol.$ctor7(name, `(${schema})`, null);
}

const database = new S.DatabaseSymbol.$ctor1(
  'SecurityLogs',
  Object.entries(TABLES).map(([name, columns]) => tableSymbol(name, columns)),
  false,
);
const globals = K.GlobalState.Default.WithDatabase(database);

function list(items) {
  const out = [];
  for (let i = 0; i < items.Count; i++) out.push(items.getItem(i));
  return out;
}

/** Every diagnostic of severity Error, as `CODE message @offset: text`. */
export function errors(query) {
  const code = K.KustoCode.ParseAndAnalyze(query, globals);
  return list(code.GetDiagnostics())
    .filter((d) => d.Severity === K.DiagnosticSeverity.Error)
    .map((d) => `${d.Code} ${d.Message} @${d.Start}: ${JSON.stringify(query.slice(d.Start, d.Start + 40))}`);
}

/** The query's tokens as the lexer reads them: kinds, with the text of every
 * token that is not a string literal (literals as their kind alone). */
export function structure(query) {
  return K.Parsing.TokenParser.ParseTokens(query).map((t) => {
    const kind = globalThis.System.Enum.toString(K.Syntax.SyntaxKind, t.Kind);
    return kind === 'StringLiteralToken' ? kind : `${kind}:${t.Text}`;
  });
}

/** The values of the string literals of a query, as the parser decodes them. */
export function literals(query) {
  const code = K.KustoCode.Parse(query, globals);
  return list(code.Syntax.GetDescendants(K.Syntax.LiteralExpression))
    .filter((e) => e.Kind === K.Syntax.SyntaxKind.StringLiteralExpression)
    .map((e) => e.LiteralValue);
}
