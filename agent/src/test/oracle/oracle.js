#!/usr/bin/env node
// Microsoft's KQL analyzer (Kusto.Language, the parser and type checker behind Sentinel and the Kusto editors) as
// the test oracle for Hookline's engine.
//
//   node oracle.js SCHEMA.json < queries.jsonl > verdicts.jsonl
//
// SCHEMA.json: {"database": "...", "tables": [{"name": "...", "columns": [{"name": "...", "type": "string"}, ...]}],
//               "functions": [{"name": "...", "parameters": "(T:(*), x:string='a')", "body": "{ T | ... }"}]}
//   (written by the Java test from Hookline's own schema, so the oracle cannot drift from it).
// Each input line: {"id": "...", "text": "KQL"}. Each output line, in input order:
//   {"id", "accepted": true|false, "diagnostics": [{"severity", "code", "line", "column", "message"}],
//    "columns": [{"name", "type"}] or null when the result is not a table}
// line and column are 1-based; accepted = no diagnostic of severity Error.
'use strict';
const fs = require('fs');
const path = require('path');
const readline = require('readline');

const pkg = path.join(__dirname, 'node_modules', '@kusto', 'language-service-next');
require(path.join(pkg, 'bridge.js'));
require(path.join(pkg, 'Kusto.Language.Bridge.js'));
const K = global.Kusto.Language;
const S = K.Symbols;

function globalsFrom(schemaFile) {
    const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
    const tables = schema.tables.map(t => {
        const cols = t.columns.map(c => `['${c.name}']:${c.type}`).join(', ');
        return S.TableSymbol.From(`(${cols})`).WithName(t.name);
    });
    // Functions of the database (Defender's FileProfile()): a parameter list and a body in KQL.
    const functions = (schema.functions || []).map(f => new S.FunctionSymbol.$ctor16(f.name, f.parameters, f.body, ''));
    const db = new S.DatabaseSymbol.$ctor1(schema.database || 'hookline', Bridge.toList(tables.concat(functions)), false);
    return K.GlobalState.Default.WithDatabase(db);
}

function lineColumn(text, offset) {
    let line = 1;
    let col = 1;
    for (let i = 0; i < offset && i < text.length; i++) {
        if (text[i] === '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    return [line, col];
}

function analyze(globals, text) {
    const code = K.KustoCode.ParseAndAnalyze(text, globals);
    const diags = code.GetDiagnostics();
    const diagnostics = [];
    let accepted = true;
    for (let i = 0; i < diags.Count; i++) {
        const d = diags.getItem(i);
        const [line, column] = lineColumn(text, d.Start);
        const severity = String(d.Severity);
        if (severity === 'Error') {
            accepted = false;
        }
        diagnostics.push({ severity, code: d.Code, line, column, message: d.Message });
    }
    let columns = null;
    const rt = code.ResultType;
    if (rt && rt.Columns) {
        columns = [];
        for (let i = 0; i < rt.Columns.Count; i++) {
            const c = rt.Columns.getItem(i);
            columns.push({ name: c.Name, type: c.Type ? c.Type.Name : null });
        }
    }
    return { accepted, diagnostics, columns };
}

function main() {
    if (process.argv.length < 3) {
        process.stderr.write('usage: node oracle.js SCHEMA.json < queries.jsonl\n');
        process.exit(2);
    }
    const globals = globalsFrom(process.argv[2]);
    const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
    rl.on('line', raw => {
        if (!raw.trim()) {
            return;
        }
        const q = JSON.parse(raw);
        let out;
        try {
            out = { id: q.id, ...analyze(globals, q.text) };
        } catch (e) {
            // The analyzer itself failing is reported, not fatal: one odd query must not lose the rest.
            out = { id: q.id, accepted: false, columns: null,
                diagnostics: [{ severity: 'Crash', code: 'ORACLE', line: 1, column: 1, message: String(e && e.message || e) }] };
        }
        process.stdout.write(JSON.stringify(out) + '\n');
    });
}

main();
