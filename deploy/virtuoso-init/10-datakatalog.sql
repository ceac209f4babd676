-- Virtuoso settings the catalog needs, run once by isql as the dba on a new database: by the Compose file's
-- Virtuoso (the image runs every *.sql in /opt/virtuoso-opensource/initdb.d when it creates the database) and
-- by .ci/start-virtuoso (the private Virtuoso the tests run against), so both are set up by this one file.
--
-- 1. Virtuoso's own graphs (its quad-map schema, the service description, DAV, ldp, owl: every graph there is
--    before the catalog writes any) go into its group of private graphs, which anonymous queries cannot read:
--    the default graph of /sparql is then the union of the catalog's graphs only.
-- 2. The graph in which the nodes record which of them writes the catalog's graphs (the projection writer's
--    claim, urn:datakatalog:projection-writer-fence: a write carrying an older claim is refused) is private too.
-- 3. No anonymous update: the user behind /sparql ("nobody") may read the world's graphs and write none, and
--    cannot read the private ones; only the dba (digest auth on /sparql-graph-crud-auth and /sparql-auth)
--    changes the graph store.

CREATE PROCEDURE DB.DBA.DATAKATALOG_PRIVATE_SYSTEM_GRAPHS ()
{
  DB.DBA.RDF_GRAPH_GROUP_CREATE ('http://www.openlinksw.com/schemas/virtrdf#PrivateGraphs', 1);
  FOR (SPARQL SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }) DO
    DB.DBA.RDF_GRAPH_GROUP_INS ('http://www.openlinksw.com/schemas/virtrdf#PrivateGraphs', "g");
}
;

-- The role that lets /sparql's user run SPARQL Update, taken away where an image or an earlier setup granted it.
CREATE PROCEDURE DB.DBA.DATAKATALOG_NO_ANONYMOUS_UPDATE ()
{
  IF (EXISTS (SELECT 1 FROM DB.DBA.SYS_ROLE_GRANTS g, DB.DBA.SYS_USERS u, DB.DBA.SYS_USERS r
              WHERE u.U_NAME = 'SPARQL' AND r.U_NAME = 'SPARQL_UPDATE' AND g.GI_SUPER = u.U_ID AND g.GI_SUB = r.U_ID))
    EXEC ('REVOKE "SPARQL_UPDATE" FROM "SPARQL"');
}
;

DB.DBA.DATAKATALOG_PRIVATE_SYSTEM_GRAPHS ();
DB.DBA.RDF_GRAPH_GROUP_INS ('http://www.openlinksw.com/schemas/virtrdf#PrivateGraphs', 'urn:datakatalog:projection-writer-fence');
DB.DBA.DATAKATALOG_NO_ANONYMOUS_UPDATE ();
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 0, 1);
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 1, 0);
checkpoint;
