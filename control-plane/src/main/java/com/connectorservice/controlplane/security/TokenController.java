package com.connectorservice.controlplane.security;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.connectorservice.controlplane.api.ProblemResponses;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** Admin-only: issue, list and revoke bearer tokens. */
@RestController
@RequestMapping("/api/v1/tokens")
class TokenController {

    /** {@code agentId}: for an AGENT token, the agent it may act as (default: the token's name). */
    record TokenRequest(String name, TokenRole role, String agentId) {
    }

    private final TokenService tokens;

    TokenController(TokenService tokens) {
        this.tokens = tokens;
    }

    @Operation(operationId = "issueToken", summary = "Issues a bearer token; its value is answered once")
    @ApiResponse(responseCode = "201", description = "Created")
    @ProblemResponses({400, 409})
    @PostMapping
    ResponseEntity<TokenService.IssuedToken> issue(@RequestBody TokenRequest request) {
        TokenService.IssuedToken issued = tokens.issue(request.name(), request.role(), request.agentId());
        return ResponseEntity.created(URI.create("/api/v1/tokens/" + issued.name())).body(issued);
    }

    @Operation(operationId = "listTokens", summary = "Lists the tokens (never their values)")
    @GetMapping
    List<TokenService.TokenView> list() {
        return tokens.list();
    }

    @Operation(operationId = "revokeToken", summary = "Revokes a token")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @ProblemResponses({404})
    @DeleteMapping("/{name}")
    ResponseEntity<Void> revoke(@PathVariable String name) {
        tokens.revoke(name);
        return ResponseEntity.noContent().build();
    }
}
