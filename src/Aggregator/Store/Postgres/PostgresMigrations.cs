namespace Aggregator.Store.Postgres;

/// <summary>
/// The PostgreSQL schema as an ordered list: migration N brings aggregator_schema.version from N-1
/// to N. Append new steps; never edit a step that has shipped. The same tables as the SQLite store
/// (times in Unix milliseconds, lists as JSON text), so both read through one row mapping.
/// </summary>
internal static class PostgresMigrations
{
    public static IReadOnlyList<string> Steps { get; } =
    [
        // 1: outlets, articles with their text identity, topic membership, settings.
        """
        CREATE TABLE outlets (
            id                   text PRIMARY KEY,
            etag                 text,
            last_modified        text,
            last_attempt         bigint,
            last_success         bigint,
            last_status          bigint,
            consecutive_failures bigint NOT NULL DEFAULT 0,
            next_due             bigint,
            last_error           text,
            resolved_feed_url    text,
            notice               text,
            gone_url             text,
            structure            text,
            interval_note        text,
            hint_seconds         bigint,
            websub_hub           text,
            websub_topic         text,
            websub_secret        text,
            websub_expires       bigint
        );

        -- Every insert and every edit takes the next revision, so a worker catches its
        -- near-duplicate index up with what the others wrote by asking for revisions past its own.
        CREATE SEQUENCE article_revisions;

        CREATE TABLE articles (
            seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id             text NOT NULL UNIQUE,
            outlet_id      text NOT NULL REFERENCES outlets(id),
            source_id      text,
            canonical_url  text NOT NULL,
            link           text NOT NULL,
            title          text NOT NULL,
            summary        text,
            content        text,
            author         text,
            published      bigint,
            updated        bigint,
            first_seen     bigint NOT NULL,
            changed_at     bigint NOT NULL,
            sort_time      bigint NOT NULL,
            categories     text NOT NULL DEFAULT '[]',
            enclosures     text NOT NULL DEFAULT '[]',
            image_url      text,
            cluster_id     text NOT NULL,
            content_hash   text NOT NULL,
            fingerprint    text NOT NULL,
            signature      bytea NOT NULL,
            revision       bigint NOT NULL DEFAULT nextval('article_revisions'),
            dup_of         text,
            dup_level      text,
            dup_similarity double precision,
            dup_reason     text
        );
        CREATE UNIQUE INDEX ix_articles_outlet_source ON articles(outlet_id, source_id) WHERE source_id IS NOT NULL;
        CREATE INDEX ix_articles_outlet_url ON articles(outlet_id, canonical_url);
        CREATE INDEX ix_articles_url ON articles(canonical_url);
        CREATE INDEX ix_articles_cluster ON articles(cluster_id, seq);
        CREATE INDEX ix_articles_fingerprint ON articles(fingerprint);
        CREATE INDEX ix_articles_revision ON articles(revision);
        CREATE INDEX ix_articles_outlet_sort ON articles(outlet_id, sort_time);

        CREATE TABLE article_topics (
            topic_id    text NOT NULL,
            article_seq bigint NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
            sort_time   bigint NOT NULL,
            PRIMARY KEY (topic_id, article_seq)
        );
        CREATE INDEX ix_article_topics_order ON article_topics(topic_id, sort_time DESC, article_seq DESC);
        CREATE INDEX ix_article_topics_article ON article_topics(article_seq);

        CREATE TABLE settings (
            key   text PRIMARY KEY,
            value text NOT NULL
        );
        """,

        // 2: Quartz's clustered job store (AdoJobStore), on the same database so one backup holds
        //    both. Transcribed from the PostgreSQL schema Quartz 4.7.3 ships (create_postgres.sql,
        //    which its SchemaProvisioning would run) with the default table prefix QRTZ_; Quartz's
        //    start-up schema validation checks it. Its optional history tables are left out: we do
        //    not turn execution history on.
        """
        CREATE TABLE qrtz_job_details (
          sched_name text not null,
          job_name text not null,
          job_group text not null,
          description text null,
          job_class_name text not null,
          is_durable bool not null,
          is_nonconcurrent bool not null,
          is_update_data bool not null,
          requests_recovery bool not null,
          job_data bytea null,
          primary key (sched_name,job_name,job_group)
        );;

        CREATE TABLE qrtz_triggers (
          sched_name text not null,
          trigger_name text not null,
          trigger_group text not null,
          job_name text not null,
          job_group text not null,
          description text null,
          next_fire_time bigint null,
          prev_fire_time bigint null,
          priority integer null,
          trigger_state text not null,
          trigger_type text not null,
          start_time bigint not null,
          end_time bigint null,
          calendar_name text null,
          misfire_instr smallint null,
          misfire_orig_fire_time bigint null,
          execution_group varchar(200) null,
          preferred_node varchar(200) null,
          preferred_node_auto bool not null default false,
          retry_policy varchar(250) null,
          retry_attempt integer null,
          continues_trigger_name text null,
          continues_trigger_group text null,
          continuation_condition integer null,
          overlap_policy integer null,
          pause_reason varchar(250) null,
          paused_by varchar(200) null,
          paused_at bigint null,
          misfire_threshold bigint null,
          fixed_delay bool null,
          job_data bytea null,
          primary key (sched_name,trigger_name,trigger_group),
          foreign key (sched_name,job_name,job_group) references qrtz_job_details (sched_name,job_name,job_group)
        );;

        CREATE TABLE qrtz_simple_triggers (
          sched_name text not null,
          trigger_name text not null,
          trigger_group text not null,
          repeat_count bigint not null,
          repeat_interval bigint not null,
          times_triggered bigint not null,
          primary key (sched_name,trigger_name,trigger_group),
          foreign key (sched_name,trigger_name,trigger_group) references qrtz_triggers (sched_name,trigger_name,trigger_group) on delete cascade
        );;

        CREATE TABLE qrtz_cron_triggers (
          sched_name text not null,
          trigger_name text not null,
          trigger_group text not null,
          cron_expression text not null,
          time_zone_id text,
          primary key (sched_name,trigger_name,trigger_group),
          foreign key (sched_name,trigger_name,trigger_group) references qrtz_triggers (sched_name,trigger_name,trigger_group) on delete cascade
        );;

        CREATE TABLE qrtz_simprop_triggers (
          sched_name text not null,
          trigger_name text not null,
          trigger_group text not null,
          str_prop_1 text null,
          str_prop_2 text null,
          str_prop_3 text null,
          int_prop_1 integer null,
          int_prop_2 integer null,
          long_prop_1 bigint null,
          long_prop_2 bigint null,
          dec_prop_1 numeric null,
          dec_prop_2 numeric null,
          bool_prop_1 bool null,
          bool_prop_2 bool null,
          time_zone_id text null,
          primary key (sched_name,trigger_name,trigger_group),
          foreign key (sched_name,trigger_name,trigger_group) references qrtz_triggers (sched_name,trigger_name,trigger_group) on delete cascade
        );;

        CREATE TABLE qrtz_blob_triggers (
          sched_name text not null,
          trigger_name text not null,
          trigger_group text not null,
          blob_data bytea null,
          primary key (sched_name,trigger_name,trigger_group),
          foreign key (sched_name,trigger_name,trigger_group) references qrtz_triggers (sched_name,trigger_name,trigger_group) on delete cascade
        );;

        CREATE TABLE qrtz_calendars (
          sched_name text not null,
          calendar_name text not null,
          calendar bytea not null,
          primary key (sched_name,calendar_name)
        );;

        CREATE TABLE qrtz_paused_trigger_grps (
          sched_name text not null,
          trigger_group text not null,
          pause_reason varchar(250) null,
          paused_by varchar(200) null,
          paused_at bigint null,
          primary key (sched_name,trigger_group)
        );;

        CREATE TABLE qrtz_paused_job_grps (
          sched_name text not null,
          job_group text not null,
          pause_reason varchar(250) null,
          paused_by varchar(200) null,
          paused_at bigint null,
          primary key (sched_name,job_group)
        );;

        CREATE TABLE qrtz_fired_triggers (
          sched_name text not null,
          entry_id text not null,
          trigger_name text not null,
          trigger_group text not null,
          instance_name text not null,
          fired_time bigint not null,
          sched_time bigint not null,
          priority integer not null,
          state text not null,
          job_name text null,
          job_group text null,
          is_nonconcurrent bool not null,
          requests_recovery bool null,
          execution_group varchar(200) null,
          progress integer null,
          progress_message varchar(250) null,
          interrupt_requested_time bigint null,
          primary key (sched_name,entry_id)
        );;

        CREATE TABLE qrtz_scheduler_state (
          sched_name text not null,
          instance_name text not null,
          last_checkin_time bigint not null,
          checkin_interval bigint not null,
          quartz_version varchar(20) null,
          primary key (sched_name,instance_name)
        );;

        CREATE TABLE qrtz_locks (
          sched_name text not null,
          lock_name text not null,
          primary key (sched_name,lock_name)
        );;

        CREATE INDEX idx_qrtz_j_g_n ON qrtz_job_details (sched_name, job_group, job_name);;

        CREATE INDEX idx_qrtz_t_j ON qrtz_triggers (sched_name, job_name, job_group);;

        CREATE INDEX idx_qrtz_t_g_n ON qrtz_triggers (sched_name, trigger_group, trigger_name);;

        CREATE INDEX idx_qrtz_t_c ON qrtz_triggers (sched_name, calendar_name);;

        CREATE INDEX idx_qrtz_t_nft_st ON qrtz_triggers (sched_name, trigger_state, next_fire_time asc, priority desc, misfire_instr);;

        CREATE INDEX idx_qrtz_ft_inst_job_req_rcvry ON qrtz_fired_triggers (sched_name, instance_name, requests_recovery);;

        CREATE INDEX idx_qrtz_ft_j_g ON qrtz_fired_triggers (sched_name, job_name, job_group);;

        CREATE INDEX idx_qrtz_ft_t_g ON qrtz_fired_triggers (sched_name, trigger_name, trigger_group);;
        """,

        // Full-text backlog (issue 20): articles of fullText outlets waiting for their page, and those given up on
        // (kept, with the reason, for `explain` and status). A row goes when its page arrives or its article does.
        """
        CREATE TABLE fulltext_backlog (
            article_seq  bigint PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
            outlet_id    text NOT NULL,
            attempts     integer NOT NULL DEFAULT 0,
            next_attempt bigint NOT NULL,
            last_error   text,
            reason       text,
            given_up     bigint
        );
        CREATE INDEX ix_fulltext_backlog_due ON fulltext_backlog(outlet_id, given_up, next_attempt);
        """,

        // Retention (issue 24): what a pruned article leaves behind, so an outlet still listing it never
        // brings it back; last_listed ages it out. Space comes back through autovacuum.
        """
        CREATE TABLE tombstones (
            outlet_id     text NOT NULL,
            source_id     text,
            canonical_url text NOT NULL,
            fingerprint   text,
            pruned_at     bigint NOT NULL,
            last_listed   bigint NOT NULL
        );
        CREATE INDEX ix_tombstones_source ON tombstones(outlet_id, source_id) WHERE source_id IS NOT NULL;
        CREATE INDEX ix_tombstones_url ON tombstones(outlet_id, canonical_url);
        """,

        // Search and outlet pictures (issue 25): the folded text (aggregator_fold, built from TextFolding)
        // as a stored generated tsvector column with a GIN index: PostgreSQL computes it in the writing
        // transaction and it goes with a deleted row; ALTER TABLE fills it for existing rows. Text past
        // 100,000 characters is not indexed (a tsvector holds at most 1 MB). A poll log (the last 48
        // hours) kept by triggers on outlets and articles, and the index the per-day counts read.
        PostgresSearchFold.CreateFunction + """

        ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
            to_tsvector('simple'::regconfig,
                aggregator_fold(left(title, 2000)) || ' ' || COALESCE(aggregator_fold(left(summary, 20000)), '') || ' '
                || COALESCE(aggregator_fold(left(content, 100000)), ''))) STORED;
        CREATE INDEX ix_articles_search ON articles USING gin (search);

        CREATE TABLE poll_log (
            outlet_id    text NOT NULL,
            at           bigint NOT NULL,
            failed       boolean NOT NULL,
            new_articles integer NOT NULL DEFAULT 0,
            PRIMARY KEY (outlet_id, at)
        );
        CREATE FUNCTION poll_log_record() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            IF NEW.last_attempt IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.last_attempt IS DISTINCT FROM OLD.last_attempt) THEN
                INSERT INTO poll_log (outlet_id, at, failed) VALUES (NEW.id, NEW.last_attempt, NEW.consecutive_failures > 0)
                    ON CONFLICT (outlet_id, at) DO UPDATE SET failed = excluded.failed;
                DELETE FROM poll_log WHERE outlet_id = NEW.id AND at < NEW.last_attempt - 172800000;
            END IF;
            RETURN NULL;
        END
        $body$;
        CREATE TRIGGER poll_log_record AFTER INSERT OR UPDATE OF last_attempt ON outlets
            FOR EACH ROW EXECUTE FUNCTION poll_log_record();
        CREATE FUNCTION poll_log_new_article() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            UPDATE poll_log SET new_articles = new_articles + 1 WHERE outlet_id = NEW.outlet_id AND at = NEW.first_seen;
            RETURN NULL;
        END
        $body$;
        CREATE TRIGGER poll_log_new_article AFTER INSERT ON articles
            FOR EACH ROW EXECUTE FUNCTION poll_log_new_article();
        CREATE INDEX ix_articles_outlet_seen ON articles(outlet_id, first_seen);
        """,

        // Replayed undated pushes: the content hashes an article had before its latest edit, so a push that brings back an
        // earlier version (no date says it is older) is known for a replay. They go with their article.
        """
        CREATE TABLE article_past_hashes (
            article_seq  bigint NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
            content_hash text NOT NULL,
            PRIMARY KEY (article_seq, content_hash)
        );
        CREATE FUNCTION article_past_hash() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            IF NEW.content_hash IS DISTINCT FROM OLD.content_hash THEN
                INSERT INTO article_past_hashes (article_seq, content_hash) VALUES (OLD.seq, OLD.content_hash) ON CONFLICT DO NOTHING;
            END IF;
            RETURN NULL;
        END
        $body$;
        CREATE TRIGGER article_past_hash AFTER UPDATE OF content_hash ON articles
            FOR EACH ROW EXECUTE FUNCTION article_past_hash();
        """,

        // Ingest cost (issue 23): the search column stops being generated, so an insert no longer runs aggregator_fold
        // (a large translate()) per row: the ingest binds the text it folded in C# before taking the lock. Existing
        // rows keep their vectors. An update that brings no new vector (a changed entry, a full-text page) is refolded
        // by this trigger, as the generated column did.
        """
        ALTER TABLE articles ALTER COLUMN search DROP EXPRESSION;
        CREATE FUNCTION article_search_refold() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            IF NEW.search IS NOT DISTINCT FROM OLD.search THEN
                NEW.search := to_tsvector('simple'::regconfig,
                    aggregator_fold(left(NEW.title, 2000)) || ' ' || COALESCE(aggregator_fold(left(NEW.summary, 20000)), '') || ' '
                    || COALESCE(aggregator_fold(left(NEW.content, 100000)), ''));
            END IF;
            RETURN NEW;
        END
        $body$;
        CREATE TRIGGER article_search_refold BEFORE UPDATE OF title, summary, content ON articles
            FOR EACH ROW EXECUTE FUNCTION article_search_refold();
        """,

        // Search newest-first on PostgreSQL (issue 25): an outlet's articles in feed order, seq included, so a search
        // narrowed to outlets walks each outlet from the cursor on through the index alone.
        "CREATE INDEX IF NOT EXISTS ix_articles_outlet_order ON articles(outlet_id, sort_time, seq);",

        // Ingest cost on PostgreSQL (issue 23): a poll's new articles arrive in one INSERT, so the poll log counts them
        // once per statement instead of running an UPDATE per row; ix_articles_outlet_sort goes, since
        // ix_articles_outlet_order leads with the same columns and serves every query it did (each insert wrote it for
        // nothing); article text is compressed with lz4, several times cheaper than the default pglz, where the server
        // has it (new rows only; a server built without lz4 keeps pglz).
        """
        DROP INDEX IF EXISTS ix_articles_outlet_sort;
        DROP TRIGGER poll_log_new_article ON articles;
        DROP FUNCTION poll_log_new_article();
        CREATE FUNCTION poll_log_new_articles() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            UPDATE poll_log p SET new_articles = p.new_articles + n.added
            FROM (SELECT outlet_id, first_seen, count(*) AS added FROM inserted GROUP BY outlet_id, first_seen) n
            WHERE p.outlet_id = n.outlet_id AND p.at = n.first_seen;
            RETURN NULL;
        END
        $body$;
        CREATE TRIGGER poll_log_new_articles AFTER INSERT ON articles REFERENCING NEW TABLE AS inserted
            FOR EACH STATEMENT EXECUTE FUNCTION poll_log_new_articles();
        DO $do$
        BEGIN
            ALTER TABLE articles ALTER COLUMN content SET COMPRESSION lz4, ALTER COLUMN summary SET COMPRESSION lz4,
                ALTER COLUMN search SET COMPRESSION lz4;
        EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
            NULL;
        END
        $do$;
        """,

        // Cluster lookups whose plan does not hang on statistics (issue 23): "another outlet's earliest article with this
        // URL / fingerprint" is `WHERE canonical_url = $1 … ORDER BY seq LIMIT n`. Until ANALYZE has seen the table (a new
        // database's whole first round, when autovacuum has not caught up) the planner guesses 200 rows per value and,
        // with an index on the value alone, walks the primary key in seq order testing every row: for a URL nobody else
        // has, the whole table, once per URL of every poll. With seq in the index the value's rows come out in seq order,
        // so LIMIT n reads n entries whatever the statistics say. The wider indexes serve every query the old ones did.
        """
        CREATE INDEX ix_articles_url_seq ON articles(canonical_url, seq);
        CREATE INDEX ix_articles_fingerprint_seq ON articles(fingerprint, seq);
        DROP INDEX ix_articles_url;
        DROP INDEX ix_articles_fingerprint;
        """,

        // Full-text furniture memory (issue 20): each fullText outlet's newest remembered article pages, the fingerprints of
        // their blocks packed 8 bytes each, so a restarted worker leaves an outlet's furniture out from its first page on.
        // Bounded per outlet as the memory is (OutletFurniture.PagesRemembered rows); seq keeps the outlet's page order.
        """
        CREATE TABLE fulltext_furniture (
            outlet_id TEXT NOT NULL,
            page_key  TEXT NOT NULL,
            seq       BIGINT NOT NULL,
            blocks    BYTEA NOT NULL,
            PRIMARY KEY (outlet_id, page_key)
        );
        """,
    ];
}
