/*
 * Copyright 2026 the pid1 authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.pid1.platform;

/**
 * A child that has exited and not yet been reaped, as {@code waitid(..., WNOWAIT)}
 * reports it.
 *
 * @param pid its pid
 * @param status how it ended
 * @author pid1 authors
 */
public record ExitedChild(long pid, ExitStatus status) {

}
