/**
 * The off-site copy: each new backup is uploaded to an S3-compatible store (AWS S3, MinIO, Wasabi,
 * Cloudflare R2, Backblaze B2…) with the AWS SDK, and the same rotation is applied to the copies
 * there. The files are sealed before they leave, so the store needs no trust.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { backupsToDelete } from './rotation';

export interface OffsiteTarget {
	bucket: string;
	/** Key prefix, e.g. `lunas/`. */
	prefix: string;
	region: string;
	/** For S3-compatible stores; unset means AWS. */
	endpoint?: string;
	/** Explicit keys; unset, the SDK's usual chain (AWS_* variables, instance role) applies. */
	accessKeyId?: string;
	secretAccessKey?: string;
}

function clientOf(t: OffsiteTarget): S3Client {
	return new S3Client({
		region: t.region,
		endpoint: t.endpoint,
		// Path-style addressing (`host/bucket/key`) is what S3-compatible stores accept everywhere.
		forcePathStyle: Boolean(t.endpoint),
		credentials: t.accessKeyId && t.secretAccessKey ? { accessKeyId: t.accessKeyId, secretAccessKey: t.secretAccessKey } : undefined,
		// The SDK's newer default adds checksums in aws-chunked trailers, which several S3-compatible
		// stores still refuse; content-MD5-free signed uploads work everywhere.
		requestChecksumCalculation: 'WHEN_REQUIRED',
		responseChecksumValidation: 'WHEN_REQUIRED',
		maxAttempts: 4
	});
}

/**
 * Uploads `file` (read whole: a day's backup of a small ISP is a few MB, and a signed payload
 * hash needs the bytes) and deletes the copies the rotation does not keep.
 */
export async function copyOffsite(file: string, target: OffsiteTarget, keep: { daily: number; weekly: number }): Promise<{ key: string; removed: number }> {
	const client = clientOf(target);
	try {
		const key = `${target.prefix}${path.basename(file)}`;
		await client.send(new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: await readFile(file), ContentType: 'application/octet-stream' }));
		const names: string[] = [];
		let token: string | undefined;
		do {
			const page = await client.send(new ListObjectsV2Command({ Bucket: target.bucket, Prefix: target.prefix, ContinuationToken: token }));
			for (const o of page.Contents ?? []) if (o.Key) names.push(o.Key.slice(target.prefix.length));
			token = page.IsTruncated ? page.NextContinuationToken : undefined;
		} while (token);
		// Only names directly under the prefix that Lunas wrote; rotation ignores everything else.
		const doomed = backupsToDelete(names.filter((n) => !n.includes('/')), keep);
		for (const name of doomed) await client.send(new DeleteObjectCommand({ Bucket: target.bucket, Key: `${target.prefix}${name}` }));
		return { key, removed: doomed.length };
	} finally {
		client.destroy();
	}
}
