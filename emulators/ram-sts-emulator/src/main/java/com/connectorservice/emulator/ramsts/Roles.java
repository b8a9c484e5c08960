package com.connectorservice.emulator.ramsts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The roles of all accounts, by account and case-insensitive name (RAM treats {@code MyRole} and {@code myrole}
 * as one role). Every change is written to {@code roles.json} (temporary file + atomic rename) before it is
 * acknowledged, so roles survive restarts.
 */
final class Roles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, Role> roles = new LinkedHashMap<>();

    Roles(Path dataDirectory) {
        this.file = dataDirectory.resolve("roles.json");
        if (Files.exists(file)) {
            try {
                List<Role> stored = JSON.readValue(file.toFile(), new TypeReference<List<Role>>() { });
                stored.forEach(role -> roles.put(key(role.accountId(), role.roleName()), role));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
    }

    synchronized Optional<Role> find(String accountId, String roleName) {
        return Optional.ofNullable(roles.get(key(accountId, roleName)));
    }

    synchronized Role get(String accountId, String roleName) {
        return find(accountId, roleName).orElseThrow(() -> RpcException.roleNotFound(roleName));
    }

    synchronized void create(Role role) {
        String key = key(role.accountId(), role.roleName());
        if (roles.containsKey(key)) {
            throw new RpcException(409, "EntityAlreadyExists.Role", "The role already exists: "
                    + roles.get(key).roleName() + ".");
        }
        roles.put(key, role);
        persist();
    }

    synchronized void replace(Role role) {
        roles.put(key(role.accountId(), role.roleName()), role);
        persist();
    }

    synchronized void delete(String accountId, String roleName) {
        if (roles.remove(key(accountId, get(accountId, roleName).roleName())) != null) {
            persist();
        }
    }

    synchronized List<Role> of(String accountId) {
        List<Role> list = new ArrayList<>();
        roles.values().stream().filter(r -> r.accountId().equals(accountId))
                .sorted(Comparator.comparing(Role::createDate).thenComparing(Role::roleName)).forEach(list::add);
        return list;
    }

    private static String key(String accountId, String roleName) {
        return accountId + "/" + roleName.toLowerCase(Locale.ROOT);
    }

    private void persist() {
        try {
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(
                    new ArrayList<>(roles.values())));
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
