package com.connectorservice.controlplane.security;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ApiTokenRepository extends JpaRepository<ApiToken, Long> {

    Optional<ApiToken> findByTokenHash(String tokenHash);

    Optional<ApiToken> findByName(String name);

    boolean existsByRole(TokenRole role);

    /** Deletes the named token; 0 when another request deleted it first (JPA's delete failed on the missing row). */
    @Modifying
    @Query("delete from ApiToken t where t.name = :name")
    int deleteCounting(@Param("name") String name);
}
