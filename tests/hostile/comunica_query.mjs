// Query a SPARQL endpoint with Comunica (a SPARQL client from outside Python) and print the
// bindings as JSON: node comunica_query.mjs ENDPOINT QUERY
import { QueryEngine } from "@comunica/query-sparql";

const [endpoint, query] = process.argv.slice(2);
const engine = new QueryEngine();
const stream = await engine.queryBindings(query, { sources: [{ type: "sparql", value: endpoint }] });
const rows = (await stream.toArray()).map((b) =>
  Object.fromEntries([...b].map(([variable, term]) => [variable.value, term.value])));
console.log(JSON.stringify(rows));
