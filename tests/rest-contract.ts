/**
 * The OpenAPI document the code builds, as the contract every REST spec's answers are checked
 * against (tests/rest.ts calls checkAgainstDocument on each).
 */
import { openApiDocument } from '../src/lib/server/rest/openapi';
import { openApiContract, type OpenApiDocument } from './openapi-contract';

export const { operationOf, checkAgainstDocument, contractSeen } = openApiContract(openApiDocument('contract') as OpenApiDocument);
