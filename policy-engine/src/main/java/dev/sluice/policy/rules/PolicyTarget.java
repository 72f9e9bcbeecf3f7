package dev.sluice.policy.rules;

/**
 * Where policies are looked up: {@code KEY tenant/keyId}, {@code TEAM tenant/team}, {@code TENANT tenant/tenant},
 * {@code MODEL alias} (model policies of every tenant are listed under the alias and filtered by tenant).
 */
public record PolicyTarget(Scope scope, String name) {

    public static PolicyTarget parse(String text) {
        int colon = text.indexOf(':');
        return new PolicyTarget(Scope.valueOf(text.substring(0, colon)), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return scope + ":" + name;
    }
}
