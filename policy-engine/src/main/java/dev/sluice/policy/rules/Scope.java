package dev.sluice.policy.rules;

/** What a policy is attached to, from the most specific to the least; where policies conflict the first wins. */
public enum Scope {
    /** One API key (subject = key id). */
    KEY,
    /** One team of a tenant (subject = team id). */
    TEAM,
    /** A whole tenant (subject = tenant id). */
    TENANT,
    /** A model alias (subject = alias), for one tenant or, with no tenant, for every tenant separately. */
    MODEL
}
