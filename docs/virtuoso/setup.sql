-- Prepare an OpenLink Virtuoso 7 database as kotograph's store (run once as dba):
--   isql-vt 1111 dba <password> docs/virtuoso/setup.sql
-- The tests (tests/helpers/virtuoso.py) run this same file against the Virtuoso they start.

-- kotograph writes documents with SPARQL 1.1 Update through /sparql.
GRANT SPARQL_UPDATE TO "SPARQL";

-- Virtuoso keeps its own metadata as RDF graphs (quad maps, LDP, the service description).
-- kotograph takes the union of all graphs as the default graph and counts, lists and dumps
-- every graph, as it does on Oxigraph; so these are made private: invisible to the
-- anonymous SPARQL user, untouched for dba and Virtuoso itself.
DB.DBA.RDF_GRAPH_GROUP_CREATE ('http://www.openlinksw.com/schemas/virtrdf#PrivateGraphs', 1);
DB.DBA.RDF_GRAPH_GROUP_INS ('http://www.openlinksw.com/schemas/virtrdf#PrivateGraphs', 'http://www.openlinksw.com/schemas/virtrdf#');
DB.DBA.RDF_GRAPH_GROUP_INS ('http://www.openlinksw.com/schemas/virtrdf#PrivateGraphs', 'http://www.w3.org/ns/ldp#');
DB.DBA.RDF_GRAPH_GROUP_INS ('http://www.openlinksw.com/schemas/virtrdf#PrivateGraphs', 'http://localuriqaserver/sparql');
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 0, 1);  -- private graphs: nothing
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 3, 0);  -- every other graph: read and write
