namespace Aggregator.Store.Sqlite;

/// <summary>
/// The schema as an ordered list: migration N brings PRAGMA user_version from N-1 to N.
/// Append new steps; never edit a step that has shipped.
/// </summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<string> Steps { get; } =
    [
        // 1: outlets, articles, topic membership, settings.
        """
        CREATE TABLE outlets (
            id                   TEXT PRIMARY KEY,
            etag                 TEXT,
            last_modified        TEXT,
            last_attempt         INTEGER,
            last_success         INTEGER,
            last_status          INTEGER,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            next_due             INTEGER,
            last_error           TEXT,
            resolved_feed_url    TEXT
        );

        CREATE TABLE articles (
            seq           INTEGER PRIMARY KEY AUTOINCREMENT,
            id            TEXT NOT NULL UNIQUE,
            outlet_id     TEXT NOT NULL REFERENCES outlets(id),
            source_id     TEXT,
            canonical_url TEXT NOT NULL,
            link          TEXT NOT NULL,
            title         TEXT NOT NULL,
            summary       TEXT,
            content       TEXT,
            author        TEXT,
            published     INTEGER,
            updated       INTEGER,
            first_seen    INTEGER NOT NULL,
            changed_at    INTEGER NOT NULL,
            sort_time     INTEGER NOT NULL,
            categories    TEXT NOT NULL DEFAULT '[]',
            enclosures    TEXT NOT NULL DEFAULT '[]',
            image_url     TEXT,
            cluster_id    TEXT NOT NULL,
            content_hash  TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ix_articles_outlet_source ON articles(outlet_id, source_id) WHERE source_id IS NOT NULL;
        CREATE INDEX ix_articles_outlet_url ON articles(outlet_id, canonical_url);
        CREATE INDEX ix_articles_url ON articles(canonical_url);
        CREATE INDEX ix_articles_cluster ON articles(cluster_id, seq);

        CREATE TABLE article_topics (
            topic_id    TEXT NOT NULL,
            article_seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
            sort_time   INTEGER NOT NULL,
            PRIMARY KEY (topic_id, article_seq)
        ) WITHOUT ROWID;
        CREATE INDEX ix_article_topics_order ON article_topics(topic_id, sort_time DESC, article_seq DESC);
        CREATE INDEX ix_article_topics_article ON article_topics(article_seq);

        CREATE TABLE settings (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,

        // 2: what the operator should act on (a permanent move), and the URL that answered 410 Gone.
        """
        ALTER TABLE outlets ADD COLUMN notice TEXT;
        ALTER TABLE outlets ADD COLUMN gone_url TEXT;
        """,

        // 3: text identity across outlets: exact fingerprint, near-duplicate signature, and why an
        //    article joined its cluster (for `explain`). Rows from before get theirs on first use.
        """
        ALTER TABLE articles ADD COLUMN fingerprint TEXT;
        ALTER TABLE articles ADD COLUMN signature BLOB;
        ALTER TABLE articles ADD COLUMN dup_of TEXT;
        ALTER TABLE articles ADD COLUMN dup_level TEXT;
        ALTER TABLE articles ADD COLUMN dup_similarity REAL;
        ALTER TABLE articles ADD COLUMN dup_reason TEXT;
        CREATE INDEX ix_articles_fingerprint ON articles(fingerprint);
        """,

        // 4: how a listing page was last read ("detected 10 items via article.post h2 a"), for status.
        """
        ALTER TABLE outlets ADD COLUMN structure TEXT;
        """,

        // 5: adaptive polling: the interval chosen and why, and the feed's last hint (kept through 304s).
        """
        ALTER TABLE outlets ADD COLUMN interval_note TEXT;
        ALTER TABLE outlets ADD COLUMN hint_seconds INTEGER;
        """,

        // 6: WebSub subscriptions: the hub and topic the feed advertised, our secret, and the lease.
        """
        ALTER TABLE outlets ADD COLUMN websub_hub TEXT;
        ALTER TABLE outlets ADD COLUMN websub_topic TEXT;
        ALTER TABLE outlets ADD COLUMN websub_secret TEXT;
        ALTER TABLE outlets ADD COLUMN websub_expires INTEGER;
        """,

        // Full-text backlog (issue 20): articles of fullText outlets waiting for their page, and those given up on
        // (kept, with the reason, for `explain` and status). A row goes when its page arrives or its article does.
        """
        CREATE TABLE fulltext_backlog (
            article_seq  INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
            outlet_id    TEXT NOT NULL,
            attempts     INTEGER NOT NULL DEFAULT 0,
            next_attempt INTEGER NOT NULL,
            last_error   TEXT,
            reason       TEXT,
            given_up     INTEGER
        );
        CREATE INDEX ix_fulltext_backlog_due ON fulltext_backlog(outlet_id, given_up, next_attempt);
        """,

        // Retention (issue 24): what a pruned article leaves behind, so an outlet still listing it never
        // brings it back; last_listed ages it out. The outlet/date index finds what retention deletes.
        """
        CREATE TABLE tombstones (
            outlet_id     TEXT NOT NULL,
            source_id     TEXT,
            canonical_url TEXT NOT NULL,
            fingerprint   TEXT,
            pruned_at     INTEGER NOT NULL,
            last_listed   INTEGER NOT NULL
        );
        CREATE INDEX ix_tombstones_source ON tombstones(outlet_id, source_id) WHERE source_id IS NOT NULL;
        CREATE INDEX ix_tombstones_url ON tombstones(outlet_id, canonical_url);
        CREATE INDEX ix_articles_outlet_sort ON articles(outlet_id, sort_time);
        """,

        // Retention (issue 24): pruned pages go back to the file system (PRAGMA incremental_vacuum after
        // each prune). An existing file only switches by being rebuilt, which VACUUM cannot do in a transaction.
        SchemaMigrator.OutsideTransaction + """
        PRAGMA auto_vacuum = INCREMENTAL;
        VACUUM;
        """,

        // Search and outlet pictures (issue 25): a contentless FTS5 index of each article's folded text
        // (search_fold, registered on every connection the store opens), kept by triggers inside the
        // transaction that writes the article and emptied of a row when the article is deleted
        // (retention); existing rows are indexed here. The 'ascii' tokenizer splits on the single
        // spaces folding leaves and keeps every other character, so the index's words are exactly the
        // folded ones. A poll log (the last 48 hours) kept by triggers on outlets and articles, and the
        // indexes the /outlets page's per-day counts read.
        """
        CREATE VIRTUAL TABLE article_search USING fts5(body, content='', contentless_delete=1, tokenize='ascii', prefix='3');
        CREATE TRIGGER article_search_insert AFTER INSERT ON articles BEGIN
            INSERT INTO article_search (rowid, body) VALUES (new.seq, search_fold(new.title, new.summary, new.content));
        END;
        CREATE TRIGGER article_search_update AFTER UPDATE OF title, summary, content ON articles BEGIN
            DELETE FROM article_search WHERE rowid = old.seq;
            INSERT INTO article_search (rowid, body) VALUES (new.seq, search_fold(new.title, new.summary, new.content));
        END;
        CREATE TRIGGER article_search_delete AFTER DELETE ON articles BEGIN
            DELETE FROM article_search WHERE rowid = old.seq;
        END;
        INSERT INTO article_search (rowid, body) SELECT seq, search_fold(title, summary, content) FROM articles;

        CREATE TABLE poll_log (
            outlet_id    TEXT NOT NULL,
            at           INTEGER NOT NULL,
            failed       INTEGER NOT NULL,
            new_articles INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (outlet_id, at)
        ) WITHOUT ROWID;
        CREATE TRIGGER poll_log_first AFTER INSERT ON outlets WHEN new.last_attempt IS NOT NULL BEGIN
            DELETE FROM poll_log WHERE outlet_id = new.id AND at = new.last_attempt;
            INSERT INTO poll_log (outlet_id, at, failed) VALUES (new.id, new.last_attempt, new.consecutive_failures > 0);
        END;
        CREATE TRIGGER poll_log_next AFTER UPDATE OF last_attempt ON outlets WHEN new.last_attempt IS NOT NULL BEGIN
            DELETE FROM poll_log WHERE outlet_id = new.id AND at = new.last_attempt;
            INSERT INTO poll_log (outlet_id, at, failed) VALUES (new.id, new.last_attempt, new.consecutive_failures > 0);
            DELETE FROM poll_log WHERE outlet_id = new.id AND at < new.last_attempt - 172800000;
        END;
        CREATE TRIGGER poll_log_new_article AFTER INSERT ON articles BEGIN
            UPDATE poll_log SET new_articles = new_articles + 1 WHERE outlet_id = new.outlet_id AND at = new.first_seen;
        END;
        CREATE INDEX ix_articles_outlet_seen ON articles(outlet_id, first_seen);
        """,

        // Replayed undated pushes: the content hashes an article had before its latest edit, so a push that brings back an
        // earlier version (no date says it is older) is known for a replay. They go with their article.
        """
        CREATE TABLE article_past_hashes (
            article_seq  INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
            content_hash TEXT NOT NULL,
            PRIMARY KEY (article_seq, content_hash)
        ) WITHOUT ROWID;
        CREATE TRIGGER article_past_hash AFTER UPDATE OF content_hash ON articles WHEN old.content_hash <> new.content_hash BEGIN
            INSERT OR IGNORE INTO article_past_hashes (article_seq, content_hash) VALUES (old.seq, old.content_hash);
        END;
        """,

        // Ingest cost (issue 23): (outlet_id, canonical_url) repeated ix_articles_url with the outlet in front, the
        // largest index and one more written per article; lookups by outlet and URL use the URL index ("+outlet_id").
        """
        DROP INDEX IF EXISTS ix_articles_outlet_url;
        """,

        // Bounded search (issue 25): a search page reads each of its up to 10,000 candidates' cluster and outlet.
        // In the table they sit after the content, so every read walked the row's overflow pages; this index
        // holds them beside the seq (SearchSql reads it by INDEXED BY).
        """
        CREATE INDEX ix_articles_search_keys ON articles(seq, cluster_id, outlet_id);
        """,

        // Ingest cost (issue 23): a new article's search text is folded in C# before the writer's lock and inserted by
        // the ingest's own statement; the trigger called search_fold per row inside the transaction. Rows already
        // indexed keep their entries; updates and deletes keep their triggers.
        """
        DROP TRIGGER IF EXISTS article_search_insert;
        """,

        // Ingest cost (issue 23): the cluster index took a random-order entry per article, so every group commit rewrote
        // most of its pages (1.8 KB written per article in a 97k-article cold poll). Nearly every article founds its own
        // cluster (cluster_id = id, found by the id index), so only the copies that joined another's are indexed now.
        """
        DROP INDEX ix_articles_cluster;
        CREATE INDEX ix_articles_cluster_joined ON articles(cluster_id, seq) WHERE cluster_id <> id;
        """,

        // Ingest cost (issue 23): the exact fingerprint as the 64-bit integer its 16 hex digits spell (SqliteStore.FingerprintKey),
        // in a column of its own. The fingerprint index takes a random-order entry per article; as text each held 17 bytes
        // of key, as an integer 8, so a bulk commit rewrites fewer of its pages. The text column is emptied (its space goes
        // back as rows are rewritten), not dropped: DROP COLUMN would rewrite every row of a large store here.
        // SQLite's shifts and ORs share one precedence, hence a parenthesis per hex digit.
        """
        ALTER TABLE articles ADD COLUMN fingerprint_key INTEGER;
        UPDATE articles SET fingerprint_key =
            ((instr('0123456789abcdef', substr(fingerprint, 1, 1)) - 1) << 60) |
            ((instr('0123456789abcdef', substr(fingerprint, 2, 1)) - 1) << 56) |
            ((instr('0123456789abcdef', substr(fingerprint, 3, 1)) - 1) << 52) |
            ((instr('0123456789abcdef', substr(fingerprint, 4, 1)) - 1) << 48) |
            ((instr('0123456789abcdef', substr(fingerprint, 5, 1)) - 1) << 44) |
            ((instr('0123456789abcdef', substr(fingerprint, 6, 1)) - 1) << 40) |
            ((instr('0123456789abcdef', substr(fingerprint, 7, 1)) - 1) << 36) |
            ((instr('0123456789abcdef', substr(fingerprint, 8, 1)) - 1) << 32) |
            ((instr('0123456789abcdef', substr(fingerprint, 9, 1)) - 1) << 28) |
            ((instr('0123456789abcdef', substr(fingerprint, 10, 1)) - 1) << 24) |
            ((instr('0123456789abcdef', substr(fingerprint, 11, 1)) - 1) << 20) |
            ((instr('0123456789abcdef', substr(fingerprint, 12, 1)) - 1) << 16) |
            ((instr('0123456789abcdef', substr(fingerprint, 13, 1)) - 1) << 12) |
            ((instr('0123456789abcdef', substr(fingerprint, 14, 1)) - 1) << 8) |
            ((instr('0123456789abcdef', substr(fingerprint, 15, 1)) - 1) << 4) |
            ((instr('0123456789abcdef', substr(fingerprint, 16, 1)) - 1) << 0),
            fingerprint = NULL
        WHERE fingerprint IS NOT NULL;
        DROP INDEX ix_articles_fingerprint;
        CREATE INDEX ix_articles_fingerprint_key ON articles(fingerprint_key);
        """,

        // Ingest cost (issue 23, URL key): the URL index held each article's whole URL in a random-order entry; it holds
        // the URL's 64-bit key now (SqliteStore.UrlKey, registered as url_key_of for this step only), several times more
        // entries a page, so a bulk commit rewrites fewer pages. Lookups compare the URL too.
        """
        ALTER TABLE articles ADD COLUMN url_key INTEGER;
        UPDATE articles SET url_key = url_key_of(canonical_url);
        DROP INDEX ix_articles_url;
        CREATE INDEX ix_articles_url_key ON articles(url_key);
        """,

        // Ingest cost (issue 23, topic order): a topic membership took three b-trees, the table by (topic, article),
        // ix_article_topics_order by (topic, sort time, article) and ix_article_topics_article. The table is now keyed
        // by the order topic pages read, which was the random-order index a bulk commit rewrote most of, so that index
        // and the (topic, article) table are one b-tree. The unique index by article keeps one membership per topic and
        // article, and finds an article's memberships (an edit, a deletion's cascade, a search's candidates).
        """
        CREATE TABLE article_topics_by_order (
            topic_id    TEXT NOT NULL,
            sort_time   INTEGER NOT NULL,
            article_seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
            PRIMARY KEY (topic_id, sort_time DESC, article_seq DESC)
        ) WITHOUT ROWID;
        INSERT INTO article_topics_by_order (topic_id, sort_time, article_seq)
            SELECT topic_id, sort_time, article_seq FROM article_topics;
        DROP TABLE article_topics;
        ALTER TABLE article_topics_by_order RENAME TO article_topics;
        CREATE UNIQUE INDEX ix_article_topics_article ON article_topics(article_seq, topic_id);
        """,

        // Ingest cost (issue 23, link stored once): an entry's link is nearly always its canonical URL (every one of a 1,000-outlet
        // cold poll's), so each row held the same 60-100 bytes twice, written to the log and again at the checkpoint. The row
        // keeps the link only when it differs (link_stored, empty otherwise); `link` is a virtual column every reader reads
        // as before. Rows stored before keep their link as it is: an upgrade rewrites no row.
        """
        ALTER TABLE articles RENAME COLUMN link TO link_stored;
        ALTER TABLE articles ADD COLUMN link TEXT GENERATED ALWAYS AS (IIF(link_stored = '', canonical_url, link_stored)) VIRTUAL;
        """,

        // Ingest cost (issue 23, topic numbers): the topic table is in random order in a bulk round (by topic, then date), so
        // every commit rewrites nearly all of it, and its cost is its size. Each entry began with the topic's name (6-7
        // bytes on average, against 1 for a small integer), so entries are keyed by the topic's number now (topic_names)
        // and the table is a quarter smaller (replaying a 47k-article store in commits of 2,500: 5,378 -> 5,081 bytes
        // written per article). article_topics stays as a view with the names, so the SQL both providers share reads,
        // inserts and deletes memberships as before; its triggers number a topic the first time it is seen.
        """
        CREATE TABLE topic_names (
            num INTEGER PRIMARY KEY,
            id  TEXT NOT NULL UNIQUE
        );
        CREATE TABLE topic_members (
            topic       INTEGER NOT NULL,
            sort_time   INTEGER NOT NULL,
            article_seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
            PRIMARY KEY (topic, sort_time DESC, article_seq DESC)
        ) WITHOUT ROWID;
        INSERT INTO topic_names (id) SELECT DISTINCT topic_id FROM article_topics ORDER BY topic_id;
        INSERT INTO topic_members (topic, sort_time, article_seq)
            SELECT n.num, t.sort_time, t.article_seq FROM article_topics t JOIN topic_names n ON n.id = t.topic_id;
        DROP TABLE article_topics;
        CREATE UNIQUE INDEX ix_topic_members_article ON topic_members(article_seq, topic);
        CREATE VIEW article_topics (topic_id, sort_time, article_seq) AS
            SELECT tn.id, tm.sort_time, tm.article_seq FROM topic_members tm JOIN topic_names tn ON tn.num = tm.topic;
        CREATE TRIGGER article_topics_insert INSTEAD OF INSERT ON article_topics BEGIN
            INSERT OR IGNORE INTO topic_names (id) VALUES (new.topic_id);
            INSERT INTO topic_members (topic, sort_time, article_seq)
                SELECT num, new.sort_time, new.article_seq FROM topic_names WHERE id = new.topic_id;
        END;
        CREATE TRIGGER article_topics_delete INSTEAD OF DELETE ON article_topics BEGIN
            DELETE FROM topic_members
            WHERE article_seq = old.article_seq AND topic = (SELECT num FROM topic_names WHERE id = old.topic_id);
        END;
        """,

        // Full-text furniture memory (issue 20): each fullText outlet's newest remembered article pages, the fingerprints of
        // their blocks packed 8 bytes each, so a restarted worker leaves an outlet's furniture out from its first page on.
        // Bounded per outlet as the memory is (OutletFurniture.PagesRemembered rows); seq keeps the outlet's page order.
        """
        CREATE TABLE fulltext_furniture (
            outlet_id TEXT NOT NULL,
            page_key  TEXT NOT NULL,
            seq       INTEGER NOT NULL,
            blocks    BLOB NOT NULL,
            PRIMARY KEY (outlet_id, page_key)
        ) WITHOUT ROWID;
        """,

        // Ingest cost (issue 23, search without a prefix index): prefix='3' wrote every token twice, once as itself and once
        // as its first three letters, and FTS5 was the largest part of SQLite's share of a cold poll. Without it FTS5 answers
        // a prefix from the main index by reading every term that starts with it, as it always did for prefixes longer than
        // three letters (the figures are in bench/cpu-profile.md, h49a). FTS5 takes its options only when the table is made,
        // so the index is made again and refilled from the stored texts, as the step that made it did.
        """
        DROP TABLE article_search;
        CREATE VIRTUAL TABLE article_search USING fts5(body, content='', contentless_delete=1, tokenize='ascii');
        INSERT INTO article_search (rowid, body) SELECT seq, search_fold(title, summary, content) FROM articles;
        """,

        // Ingest cost (issue 23, poll log counted per poll): the log's new-article count was kept by a trigger that ran an
        // UPDATE of the poll's log row for every inserted article, the same row rewritten once per article. The ingest adds
        // a poll's count in one statement after the poll (SqliteStore.ArticleInsert.CountNewArticles), as PostgreSQL's
        // per-statement trigger does; the counts already logged stay as they are.
        """
        DROP TRIGGER IF EXISTS poll_log_new_article;
        """,
    ];
}
