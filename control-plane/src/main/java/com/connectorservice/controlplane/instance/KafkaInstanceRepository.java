package com.connectorservice.controlplane.instance;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface KafkaInstanceRepository extends JpaRepository<KafkaInstance, String> {

    /** Deletes the instance; 0 when another request deleted it first (JPA's delete failed on the missing row). */
    @Modifying
    @Query("delete from KafkaInstance i where i.id = :id")
    int deleteCounting(@Param("id") String id);
}
